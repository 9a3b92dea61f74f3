/**
 * `@org/minimax-files-testing`: a fake MiniMax File Management server for tests.
 * See the package README, "Testing your code against a fake MiniMax".
 */
export { StatusCode } from "./base-resp.js";
export { generatedBytes, generatedSha256 } from "./content.js";
export type {
  AfterWork,
  BaseRespFault,
  ControlCharactersFault,
  EndlessBodyFault,
  FakeOperation,
  Fault,
  FaultKind,
  FaultTarget,
  GzipBombFault,
  GzipCutFault,
  HostileIdFault,
  HttpFaultStatus,
  HttpStatusFault,
  InjectedFault,
  MalformedJsonFault,
  MissingBaseRespFault,
  NoLengthCutFault,
  NonObjectEntryFault,
  RateLimitFault,
  RedirectFault,
  ResetBeforeHeadersFault,
  ResetMidBodyFault,
  SlowHeadersFault,
  TruncatedDownloadFault,
} from "./faults.js";
export { fakeOperations } from "./faults.js";
export { hostileHeaderText, hostileText } from "./hostile.js";
export type { FakeRateLimit } from "./rate-limit.js";
export type { RecordedRequest } from "./request-log.js";
export { type ConnectionStats, type FakeMiniMax, type FakeMiniMaxOptions, startFakeMiniMax } from "./server.js";
export type { FakeFile, SeedFile } from "./store.js";

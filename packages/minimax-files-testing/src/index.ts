/**
 * `@org/minimax-files-testing`: a fake MiniMax File Management server for tests.
 * See the package README, "Testing your code against a fake MiniMax".
 */
export { StatusCode } from "./base-resp.js";
export { generatedBytes, generatedSha256 } from "./content.js";
export type {
  BaseRespFault,
  FakeOperation,
  Fault,
  FaultKind,
  FaultTarget,
  HttpFaultStatus,
  HttpStatusFault,
  InjectedFault,
  MalformedJsonFault,
  MissingBaseRespFault,
  RateLimitFault,
  ResetBeforeHeadersFault,
  ResetMidBodyFault,
  SlowHeadersFault,
  TruncatedDownloadFault,
} from "./faults.js";
export { fakeOperations } from "./faults.js";
export type { RecordedRequest } from "./request-log.js";
export { type ConnectionStats, type FakeMiniMax, type FakeMiniMaxOptions, startFakeMiniMax } from "./server.js";
export type { FakeFile, SeedFile } from "./store.js";

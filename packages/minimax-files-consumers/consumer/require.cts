// CommonJS consumers: TypeScript resolves the packages' `require` conditions (.d.cts) here, and the
// compiled file must load them with require() on a Node without require(esm).
import files = require("@org/minimax-files");
import types = require("@org/minimax-files-types");
import testing = require("@org/minimax-files-testing");

const client: files.MiniMaxFiles = files.createMiniMaxFiles({ apiKey: "sk-test", baseUrl: "http://127.0.0.1:9" });
const purposes: readonly types.UploadPurpose[] = types.uploadPurposes;
const start: typeof testing.startFakeMiniMax = testing.startFakeMiniMax;

export = { client, purposes, start, MiniMaxApiError: files.MiniMaxApiError };

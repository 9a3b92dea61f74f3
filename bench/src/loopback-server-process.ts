// Runs the loopback server in its own process so its CPU time does not land on the client being
// measured. Prints {"url"} once listening; exits when its stdin closes (the parent went away).
import { startLoopbackServer } from "./loopback-server.js";

const options = JSON.parse(process.argv[2] ?? "{}");
const server = await startLoopbackServer(options);
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  server.close().finally(() => process.exit(0));
});

import { resetCollected } from "../src/secrets.js";

/** Text collected by an earlier run must not be scanned (or counted) again. */
export default function setup(): void {
  resetCollected();
}

/**
 * Runs the round trip in a browser page: the fake's URL and key come in the page's hash
 * (`#baseUrl=…&apiKey=…`); the outcome is left on `window.roundTripOutcome` for the test to read.
 */
import { roundTrip } from "./round-trip.js";

type Outcome = { steps: string[]; userAgent: string } | { error: string };
const target = globalThis as typeof globalThis & { roundTripOutcome?: Outcome };
const params = new URLSearchParams(location.hash.slice(1));

roundTrip({ baseUrl: params.get("baseUrl") ?? "", apiKey: params.get("apiKey") ?? "" }).then(
  (steps) => {
    target.roundTripOutcome = { steps, userAgent: navigator.userAgent };
  },
  (error: unknown) => {
    target.roundTripOutcome = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  },
);

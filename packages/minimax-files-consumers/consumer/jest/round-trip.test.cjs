// Jest 30 in a CommonJS project: the round trip's CommonJS build, required through Jest's own
// module system, which resolves the packages' `require` conditions.
const { roundTripWithFiles } = require("../cjs/with-files.cjs");

test("the round trip passes from CommonJS under Jest", async () => {
  const steps = await roundTripWithFiles(process.env.MINIMAX_FAKE_URL, process.env.MINIMAX_FAKE_KEY);
  expect(steps).toEqual(JSON.parse(process.env.MINIMAX_EXPECTED_STEPS));
});

/**
 * `engines` and the dependency set agree: every Node.js version package.json's `engines` admits (the lowest of each
 * range it lists) is one every locked package admits too, and the Node running the tests is among them.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";

const ROOT = path.resolve(__dirname, "..");
const json = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"));

describe("engines", () => {
  const engines: string = json("package.json").engines.node;

  it("admits the Node.js running this test", () => {
    assert.ok(semver.satisfies(process.version, engines), `${process.version} against ${engines}`);
  });

  it("every locked package admits the lowest version of each range engines lists", () => {
    const floors = engines.split("||").map((range) => semver.minVersion(range.trim())!.version);
    const packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> =
      json("package-lock.json").packages;
    const refusing: string[] = [];
    for (const [where, p] of Object.entries(packages)) {
      const node = !Array.isArray(p.engines) ? p.engines?.node : undefined;
      if (!node || where === "") continue;
      for (const floor of floors) {
        const name = where.replace(/^.*node_modules\//, "");
        if (!semver.satisfies(floor, node))
          refusing.push(`${name}@${p.version} wants ${node}, not ${floor}`);
      }
    }
    assert.deepEqual(refusing, []);
  });
});

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";

const appDir = path.resolve(__dirname, "..");
const dockerfile = readFileSync(path.join(appDir, "Dockerfile"), "utf8");
const lines = dockerfile.split("\n").filter((l) => !l.trim().startsWith("#"));
const stages = lines.filter((l) => /^FROM\s/i.test(l));

describe("app: Dockerfile", () => {
  it("is multi-stage and installs production deps of the app workspace only, from the root lockfile", () => {
    assert.ok(stages.length >= 2, "multi-stage");
    assert.ok(
      lines.some((l) => /COPY package\.json package-lock\.json/.test(l)),
      "copies the root lockfile",
    );
    assert.ok(lines.some((l) => /COPY app\/package\.json app\//.test(l)));
    assert.ok(
      lines.some((l) => /npm ci .*--omit=dev/.test(l) && /-w app\b/.test(l)),
      "npm ci --omit=dev -w app",
    );
  });

  it("runs compiled JS as a non-root user with PORT and a /healthz HEALTHCHECK", () => {
    const runtime = lines.slice(lines.lastIndexOf(stages[stages.length - 1]!));
    const user = runtime.find((l) => /^USER\s/.test(l));
    assert.ok(user && !/root|\b0\b/.test(user), "non-root USER in the final stage");
    assert.ok(
      runtime.some((l) => /PORT=8080/.test(l)),
      "PORT env",
    );
    assert.ok(dockerfile.includes("HEALTHCHECK") && /HEALTHCHECK[\s\S]*\/healthz/.test(dockerfile));
    assert.match(runtime.find((l) => /^CMD/.test(l)) ?? "", /node.*dist\/server\.js/);
    assert.ok(!runtime.some((l) => /ts-node/.test(l)), "no ts-node at run time");
  });

  it("compiles the Lambda handler where the platform packages it from", () => {
    const build = JSON.parse(readFileSync(path.join(appDir, "tsconfig.build.json"), "utf8")) as {
      compilerOptions: { rootDir: string; outDir: string };
    };
    assert.equal(build.compilerOptions.rootDir, "src");
    assert.equal(build.compilerOptions.outDir, "dist");
    const handler = readFileSync(path.join(appDir, "src/functions/validateOrder.ts"), "utf8");
    const validation = readFileSync(path.join(appDir, "src/validation/validateOrder.ts"), "utf8");
    assert.deepEqual(
      handler.match(/from "([^"]+)"/g),
      ['from "../validation/validateOrder"'],
      "only relative imports",
    );
    assert.doesNotMatch(validation, /^import /m, "the shared module imports nothing");
  });

  it("has a root-context .dockerignore next to it that keeps the context small", () => {
    const ignore = readFileSync(path.join(appDir, "Dockerfile.dockerignore"), "utf8");
    assert.match(ignore, /^\*\*$/m, "deny by default");
    assert.match(ignore, /^!package-lock\.json$/m);
    assert.match(ignore, /^!app\/src\/\*\*$/m);
  });
});

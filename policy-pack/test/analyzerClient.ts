// Drives the pack the way the Pulumi CLI does: starts it through @pulumi/pulumi's run-policy-pack (what the
// CLI's pulumi-analyzer-policy plugin runs, with the pack directory as working directory), reads the port the
// analyzer prints, and speaks the analyzer protocol that ships with @pulumi/pulumi (proto/analyzer_grpc_pb.js).
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { PlannedResource } from "../offline";

/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = require("@grpc/grpc-js");
const analyzerrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const PACK_DIR = path.resolve(__dirname, "..");
const RUN_POLICY_PACK = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");

/** The engine's placeholder for a value not known during preview (sdk/go/common/resource/plugin/rpc.go). */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const LEVEL = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 } as const;
const LEVEL_NAME = ["advisory", "mandatory", "disabled", "remediate"];

export interface Diagnostic {
  policy: string;
  level: string;
  urn: string | null;
  message: string;
}

export interface PolicyInfo {
  name: string;
  level: string;
  schema: Record<string, any> | undefined;
}

/** Plan inputs as the engine sends them: unknowns become the sentinel string (the mock records them as a marker). */
export function engineValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(engineValue);
  if (v && typeof v === "object") {
    if ((v as Record<string, unknown>).__pulumiUnknown === true) return UNKNOWN_SENTINEL;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, engineValue(x)]));
  }
  return v;
}

const struct = (v: Record<string, unknown>) => structproto.Struct.fromJavaScript(engineValue(v));

function options(r: PlannedResource) {
  const o = new analyzerproto.AnalyzerResourceOptions();
  o.setProtect(r.protect ?? false);
  o.setIgnorechangesList(r.ignoreChanges ?? []);
  o.setDeletebeforereplace(r.deleteBeforeReplace ?? false);
  o.setAliasesList(r.aliases ?? []);
  if (r.parent) o.setParent(r.parent);
  o.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
  return o;
}

function provider(r: PlannedResource, byUrn: Map<string, PlannedResource>) {
  const ref = r.provider;
  if (!ref) return undefined;
  const p = byUrn.get(ref) ?? byUrn.get(ref.replace(/::[^:]*$/, ""));
  if (!p) return undefined;
  const out = new analyzerproto.AnalyzerProviderResource();
  out.setType(p.type);
  out.setProperties(struct(p.inputs ?? {}));
  out.setUrn(p.urn);
  out.setName(p.name);
  return out;
}

export class AnalyzerSession {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: any,
    readonly port: number,
    readonly stderr: () => string,
  ) {}

  /** Starts the pack as the CLI does and connects once it prints its port. */
  static async start(timeoutMs = 300_000): Promise<AnalyzerSession> {
    // run-policy-pack takes <engine-address> <program>; it drops the address (the analyzer serves, it does not
    // dial the engine), but the CLI passes one, so we do too.
    const child = spawn(process.execPath, [RUN_POLICY_PACK, "127.0.0.1:0", "."], {
      cwd: PACK_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr!.on("data", (d) => (err += String(d)));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(
        () => reject(new Error(`no port within ${timeoutMs} ms; stderr: ${err}`)),
        timeoutMs,
      );
      child.stdout!.on("data", (d) => {
        out += String(d);
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.on("exit", (code) =>
        reject(new Error(`policy pack exited (${code}) before printing a port: ${err}`)),
      );
    });
    const client = new analyzerrpc.AnalyzerClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    return new AnalyzerSession(child, client, port, () => err);
  }

  stop(): void {
    this.client.close();
    this.child.kill();
  }

  private call<T>(method: string, req: unknown): Promise<T> {
    return new Promise((resolve, reject) =>
      this.client[method](req, (e: Error | null, res: T) => (e ? reject(e) : resolve(res))),
    );
  }

  async analyzerInfo(): Promise<{ name: string; policies: PolicyInfo[] }> {
    const Empty = analyzerrpc.AnalyzerService.getAnalyzerInfo.requestType;
    const info: any = await this.call("getAnalyzerInfo", new Empty());
    return {
      name: info.getName(),
      policies: info.getPoliciesList().map((p: any) => ({
        name: p.getName(),
        level: LEVEL_NAME[p.getEnforcementlevel()],
        schema: p.getConfigschema()?.getProperties()?.toJavaScript(),
      })),
    };
  }

  async configureStack(stack: string, tags: Record<string, string> = {}): Promise<void> {
    const req = new analyzerproto.AnalyzerStackConfigureRequest();
    req.setStack(stack);
    req.setProject("securecart");
    req.setOrganization("organization");
    req.setDryRun(true);
    for (const [k, v] of Object.entries(tags)) req.getTagsMap().set(k, v);
    await this.call("configureStack", req);
  }

  /**
   * Configure as the CLI sends it after ReconcilePolicyPackConfig (pkg/resource/analyzer/config.go): every
   * policy of the pack, its schema defaults with the file's values over them, and the file's level or its own.
   */
  async configure(
    policies: PolicyInfo[],
    file: Record<string, string | Record<string, unknown>>,
  ): Promise<void> {
    const req = new analyzerproto.ConfigureAnalyzerRequest();
    for (const p of policies) {
      const given = file[p.name];
      const values = typeof given === "object" ? { ...given } : {};
      const level =
        (typeof given === "string" ? given : (values.enforcementLevel as string | undefined)) ??
        p.level;
      delete values.enforcementLevel;
      const defaults = Object.fromEntries(
        Object.entries(p.schema ?? {})
          .filter(([, s]) => s && "default" in s)
          .map(([k, s]) => [k, s.default]),
      );
      const cfg = new analyzerproto.PolicyConfig();
      cfg.setEnforcementlevel(LEVEL[level as keyof typeof LEVEL]);
      cfg.setProperties(structproto.Struct.fromJavaScript({ ...defaults, ...values }));
      req.getPolicyconfigMap().set(p.name, cfg);
    }
    await this.call("configure", req);
  }

  /** Analyze, one call per resource, as the engine does for each registration (concurrently, as it steps). */
  async analyzeEach(resources: PlannedResource[]): Promise<Diagnostic[]> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const answers = await Promise.all(
      resources.map(async (r) => {
        const req = new analyzerproto.AnalyzeRequest();
        req.setType(r.type);
        req.setProperties(struct(r.inputs ?? {}));
        req.setUrn(r.urn);
        req.setName(r.name);
        req.setOptions(options(r));
        const prov = provider(r, byUrn);
        if (prov) req.setProvider(prov);
        // The engine files a diagnostic without a URN under the resource it asked about.
        return diagnostics(await this.call("analyze", req), r.urn);
      }),
    );
    return answers.flat();
  }

  /** AnalyzeStack with every resource, its parent, dependencies and propertyDependencies. */
  async analyzeStack(resources: PlannedResource[]): Promise<Diagnostic[]> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const req = new analyzerproto.AnalyzeStackRequest();
    req.setResourcesList(
      resources.map((r) => {
        const a = new analyzerproto.AnalyzerResource();
        a.setType(r.type);
        a.setProperties(struct(r.inputs ?? {}));
        a.setUrn(r.urn);
        a.setName(r.name);
        a.setOptions(options(r));
        const prov = provider(r, byUrn);
        if (prov) a.setProvider(prov);
        if (r.parent) a.setParent(r.parent);
        a.setDependenciesList(r.dependencies ?? []);
        for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
          const deps = new analyzerproto.AnalyzerPropertyDependencies();
          deps.setUrnsList(urns);
          a.getPropertydependenciesMap().set(k, deps);
        }
        return a;
      }),
    );
    return diagnostics(await this.call("analyzeStack", req));
  }
}

/**
 * The analyzer sends "<description>\n<message>" (@pulumi/policy server.js makeReportViolationFun); the CLI
 * prints both. Split the description off to compare with the offline runner's message.
 */
function diagnostics(res: any, fallbackUrn: string | null = null): Diagnostic[] {
  return res.getDiagnosticsList().map((d: any) => {
    const prefix = `${d.getDescription()}\n`;
    const message: string = d.getMessage();
    return {
      policy: d.getPolicyname(),
      level: LEVEL_NAME[d.getEnforcementlevel()],
      urn: d.getUrn() || fallbackUrn,
      message: message.startsWith(prefix) ? message.slice(prefix.length) : message,
    };
  });
}

#!/usr/bin/env node
/**
 * A recording stand-in for the `pulumi` CLI, for tests of code that drives it through the Automation API (the CLI
 * cannot run here). It appends each call's argv (and the policy config file it was given) as a JSON line to
 * $FAKE_PULUMI_LOG and answers what @pulumi/pulumi/automation reads back:
 *   version                    → a version line (LocalWorkspace checks it against its minimum); 3.205.0 by
 *                                default, the last CLI whose event log is a file: later ones stream events to the
 *                                SDK over gRPC (automation/stack.js setupEventLog), which this stand-in does not speak
 *   stack select --stack S     → exit 0
 *   preview … --event-log F    → engine events in F (one JSON object per line), as the CLI writes them
 *   up --yes --skip-preview …  → exit 0
 *   stack output --json        → {} (up() reads the outputs)
 *   stack history --json       → one update (up() reads the summary)
 * $FAKE_PULUMI_MANDATORY=S makes S's preview report a mandatory policy violation and fail, as the CLI does;
 * $FAKE_PULUMI_FAIL_PREVIEW=S makes it fail with an error.
 */
const fs = require("node:fs");

const argv = process.argv.slice(2);
const flag = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const stack = flag("--stack");
const configFile = flag("--policy-pack-config");
const entry = { argv, policyConfig: configFile ? JSON.parse(fs.readFileSync(configFile, "utf8")) : undefined };
if (process.env.FAKE_PULUMI_LOG) fs.appendFileSync(process.env.FAKE_PULUMI_LOG, JSON.stringify(entry) + "\n");

let sequence = 0;
const event = (body) => ({ sequence: sequence++, timestamp: Math.floor(Date.now() / 1000), ...body });

function preview() {
  const log = flag("--event-log");
  const events = [event({ preludeEvent: { config: {} } })];
  const mandatory = process.env.FAKE_PULUMI_MANDATORY === stack;
  if (mandatory) {
    events.push(
      event({
        policyEvent: {
          resourceUrn: `urn:pulumi:${stack}::securecart::aws:rds/cluster:Cluster::securecart-db`,
          message: "RDS clusters must have deletion protection enabled.",
          color: "never",
          policyName: "rds-cluster-deletion-protection",
          policyPackName: "securecart-dr",
          policyPackVersion: "0.1.0",
          policyPackVersionTag: "0.1.0",
          enforcementLevel: "mandatory",
        },
      }),
    );
  }
  events.push(event({ summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges: { create: 3 }, policyPacks: {} } }));
  if (log) fs.writeFileSync(log, events.map((e) => JSON.stringify(e)).join("\n") + "\n");
  process.stdout.write(`Previewing update (${stack})\n`);
  // The Automation API tails the event log every 200 ms: stay until it has read the events, as the real CLI does.
  setTimeout(() => {
    if (mandatory) {
      process.stderr.write("error: preview failed\n");
      process.exit(255);
    }
    if (process.env.FAKE_PULUMI_FAIL_PREVIEW === stack) {
      process.stderr.write("error: an unhandled error occurred: program failed\n");
      process.exit(255);
    }
    process.exit(0);
  }, 600);
}

const [cmd, sub] = argv;
if (cmd === "version") process.stdout.write(`${process.env.FAKE_PULUMI_VERSION ?? "v3.205.0"}\n`);
else if (cmd === "stack" && sub === "select") process.exit(0);
else if (cmd === "preview") preview();
else if (cmd === "up") process.stdout.write(`Updating (${stack})\nResources:\n    3 created\n`);
else if (cmd === "stack" && sub === "output") process.stdout.write("{}\n");
else if (cmd === "stack" && sub === "history") {
  const now = new Date().toISOString();
  const update = { version: 1, kind: "update", startTime: now, endTime: now, message: "", environment: {}, config: {} };
  Object.assign(update, { result: "succeeded" });
  process.stdout.write(JSON.stringify([{ ...update, resourceChanges: { create: 3 } }]) + "\n");
} else {
  process.stderr.write(`fake pulumi: unexpected command ${argv.join(" ")}\n`);
  process.exit(1);
}

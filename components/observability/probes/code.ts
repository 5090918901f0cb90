import * as pulumi from "@pulumi/pulumi";
import * as path from "path";

/** The code of one probe Lambda: its handler file and the deep probe it shares with the others. */
export function probeCode(handlerFile: string): pulumi.asset.AssetArchive {
  const file = (f: string) => new pulumi.asset.FileAsset(path.join(__dirname, f));
  return new pulumi.asset.AssetArchive({
    [handlerFile]: file(handlerFile),
    "deepProbe.mjs": file("deepProbe.mjs"),
  });
}

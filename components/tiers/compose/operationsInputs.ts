import { DrContract } from "../contract";
import { AlertsResult } from "./alerts";
import { ComputeResult } from "./compute";
import { DataResult } from "./data";
import { NetworkResult } from "./network";
import { SiteProviders } from "./site";
import { TrafficResult } from "./traffic";

/** What the operations section builds on: every earlier section's results. */
export interface OperationsInputs {
  readonly contract: DrContract;
  readonly providers: SiteProviders;
  readonly net: NetworkResult;
  readonly alerting: AlertsResult;
  readonly data: DataResult;
  readonly compute: ComputeResult;
  readonly traffic: TrafficResult;
}

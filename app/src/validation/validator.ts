/**
 * Where order validation runs: in-process by default, or in the order-validation Lambda when
 * ORDER_VALIDATION_FUNCTION_ARN is set. Both run the same module, so the Lambda path falls back to in-process
 * when the invoke itself fails: a Lambda outage must not stop checkout, and the rules are identical.
 */
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { validateOrder, ValidationInput, ValidationResult } from "./validateOrder";

export interface OrderValidator {
  readonly kind: "in-process" | "lambda";
  validate(input: ValidationInput): Promise<ValidationResult>;
}

export class InProcessValidator implements OrderValidator {
  readonly kind = "in-process" as const;
  async validate(input: ValidationInput): Promise<ValidationResult> {
    return validateOrder(input);
  }
}

export interface LambdaValidatorOptions {
  functionName: string;
  client: LambdaClient;
  onFallback?: (err: unknown) => void;
}

export class LambdaValidator implements OrderValidator {
  readonly kind = "lambda" as const;
  constructor(private readonly opts: LambdaValidatorOptions) {}

  async validate(input: ValidationInput): Promise<ValidationResult> {
    try {
      const out = await this.opts.client.send(
        new InvokeCommand({
          FunctionName: this.opts.functionName,
          Payload: new TextEncoder().encode(JSON.stringify(input)),
        }),
      );
      if (out.FunctionError)
        throw new Error(`order validation Lambda failed: ${out.FunctionError}`);
      const result = JSON.parse(new TextDecoder().decode(out.Payload)) as ValidationResult;
      if (typeof result?.ok !== "boolean" || !Array.isArray(result.reasons)) {
        throw new Error("order validation Lambda returned an unexpected payload");
      }
      return result;
    } catch (err) {
      this.opts.onFallback?.(err);
      return validateOrder(input);
    }
  }
}

/**
 * Database credentials from AWS Secrets Manager (decision 3 of DESIGN.md).
 *
 * The secret is read when a connection is opened and cached; after an authentication failure the cache is dropped
 * so the next connection reads the rotated value. Rotation therefore never strands the service with a stale
 * password, and steady state costs no Secrets Manager calls.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

export interface DbCredentials {
  username: string;
  password: string;
}

export interface CredentialSource {
  get(): Promise<DbCredentials>;
  /** Forget the cached value; the next get() reads the secret again. */
  invalidate(): void;
}

export class SecretsManagerCredentials implements CredentialSource {
  private cached?: Promise<DbCredentials>;
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  get(): Promise<DbCredentials> {
    // Share one in-flight read between the connections a pool opens at once.
    this.cached ??= this.read().catch((err) => {
      this.cached = undefined;
      throw err;
    });
    return this.cached;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async read(): Promise<DbCredentials> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    if (!out.SecretString) throw new Error(`secret ${this.secretId} has no SecretString`);
    const parsed = JSON.parse(out.SecretString) as Partial<DbCredentials>;
    if (typeof parsed.username !== "string" || typeof parsed.password !== "string") {
      throw new Error(`secret ${this.secretId} must hold {"username", "password"}`);
    }
    return { username: parsed.username, password: parsed.password };
  }
}

/** Fixed credentials (local runs with DB_PASSWORD). */
export class StaticCredentials implements CredentialSource {
  constructor(private readonly creds: DbCredentials) {}
  async get(): Promise<DbCredentials> {
    return this.creds;
  }
  invalidate(): void {}
}

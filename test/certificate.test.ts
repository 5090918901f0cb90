/**
 * The region certificate on the real program's plans: one owner of the ACM validation record (the primary,
 * DESIGN.md decision 12), and a certificate ready in every recovery region, backup-restore's included, with one
 * identity across tiers (decision 15: a rebuild issues none during an outage).
 */
import { strict as assert } from "assert";
import { DR_TIERS } from "../components/tiers/tierProfile";
import { stackOf } from "./support/plans";

const CERT = "aws:acm/certificate:Certificate";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
const RECORD = "aws:route53/record:Record";

describe("region certificate: one owner of the validation record, ready in every region", function () {
  this.timeout(180_000);

  for (const tier of DR_TIERS) {
    it(`${tier}: the primary creates the validation record; the recovery stack only validates against it`, async () => {
      const pri = await stackOf(tier, "primary");
      const rec = await stackOf(tier, "recovery");
      const validationRecords = (s: typeof pri) =>
        s.resources.filter(
          (r) => r.type === RECORD && r.name.startsWith("securecart-cert-validation"),
        );
      assert.equal(validationRecords(pri).length, 1);
      assert.equal(
        validationRecords(rec).length,
        0,
        "the recovery stack never creates, overwrites or deletes it",
      );
      for (const s of [pri, rec]) {
        const cert = s.resources.filter((r) => r.type === CERT);
        assert.deepEqual(
          cert.map((c) => [c.name, c.inputs.domainName]),
          [["securecart-cert", "shop.securecart.example"]],
          s.stack,
        );
        assert.equal(s.resources.filter((r) => r.type === VALIDATION).length, 1, s.stack);
      }
      const fqdn = rec.resources.find((r) => r.type === VALIDATION)!.inputs
        .validationRecordFqdns[0];
      assert.match(fqdn, /^_[0-9a-z]+\.shop\.securecart\.example$/);
    });
  }

  it("keeps one identity in the recovery region whatever the tier, so backup-restore already holds it", async () => {
    const urns = await Promise.all(
      DR_TIERS.map(
        async (t) => (await stackOf(t, "recovery")).resources.find((r) => r.type === CERT)!.urn,
      ),
    );
    assert.equal(new Set(urns).size, 1, urns.join("\n"));
  });
});

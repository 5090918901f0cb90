/**
 * Assigned ISO 3166-1 alpha-2 codes, for the `country` of an address (DESIGN.md: "an assigned ISO 3166-1 alpha-2
 * code, from a maintained list").
 *
 * The list comes from i18n-iso-countries (MIT, https://github.com/michaelwittig/node-i18n-iso-countries), which
 * tracks the ISO 3166 Maintenance Agency's list (https://www.iso.org/iso-3166-country-codes.html, browsable at
 * https://www.iso.org/obp/ui/#search/code/). Updating the package updates the list; no code change.
 *
 * That package also lists XK (Kosovo), which ISO has not assigned: XA–XZ, like AA, QM–QZ and ZZ, is a
 * user-assigned range (ISO 3166-1 §3.3; https://en.wikipedia.org/wiki/ISO_3166-1_alpha-2#User-assigned_code_elements).
 * We drop the user-assigned ranges so only codes ISO itself assigned remain. "UK" is not assigned (GB is): only
 * exceptionally reserved, so it is absent from the package and refused.
 */
// The package's `index` is its core without the 80 name locales that its main entry registers (9 ms vs 65 ms to load).
import { getAlpha2Codes } from "i18n-iso-countries/index";

const USER_ASSIGNED = /^(AA|Q[M-Z]|X[A-Z]|ZZ)$/;

export const COUNTRY_CODES: readonly string[] = Object.keys(getAlpha2Codes())
  .filter((code) => /^[A-Z]{2}$/.test(code) && !USER_ASSIGNED.test(code))
  .sort();

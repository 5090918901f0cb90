// ESLint for the whole repository (DESIGN.md style 10): the recommended JavaScript and typescript-eslint rules,
// without type information (tsc --noEmit already type-checks, and typed linting would double its cost).
// Formatting is Prettier's alone (.prettierrc.json), so no stylistic rules here.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "docs/**", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring to drop a field, a callback's unused argument).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      // The CLIs load their own heavy modules with require() after parsing arguments, so --help does no work (the
      // scripts run as CommonJS); packages are still imported.
      "@typescript-eslint/no-require-imports": ["error", { allow: ["^\\.\\.?/"] }],
    },
  },
  {
    // Tests read the mocks' untyped resource inputs, and the policy pack reads the engine's: @pulumi/policy hands
    // rules `props: Record<string, any>`, and a rule narrows a property where it uses it.
    // The planner and the diagrams read planned resources' inputs, and the failover inputs a stack's outputs: the
    // same untyped data, narrowed where used.
    files: ["test/**", "**/test/**", "policy-pack/**", "scripts/plan/**", "scripts/diagrams/**", "scripts/failover/inputs.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);

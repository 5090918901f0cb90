/**
 * SecureCart: one stack per region. `securecart:drTier` (set on the primary stack) chooses the DR tier; the
 * recovery stack follows the primary. See README.md for deploy order and failover.
 */
import { platform } from "./components/platform";

export = platform;

const warned = new Set<string>();

/**
 * Called when a test needs a system package that is not there: under CI it is an error (CI installs
 * them), elsewhere the test is skipped with a hint, once per dependency.
 */
export function requireSystemDependency(what: string): void {
  if (process.env.CI === 'true') {
    throw new Error(`${what} is missing in CI: .ci/run must install it (scripts/install-system-deps.sh)`);
  }
  if (!warned.has(what)) {
    warned.add(what);
    console.log(`# skipped: ${what} not available — run scripts/install-system-deps.sh`);
  }
}

// What the client tells the server at start-up, from the user's settings.

export const PROFILES = ["production", "development"] as const;
export type Profile = (typeof PROFILES)[number];

export interface InitializationOptions {
  profile?: Profile;
}

/** An unset or unknown profile is left out, so that irislint.toml decides. */
export function initializationOptions(profile: unknown): InitializationOptions {
  return typeof profile === "string" && (PROFILES as readonly string[]).includes(profile)
    ? { profile: profile as Profile }
    : {};
}

/** The server's command line: the binary and its `server` subcommand (stdio). */
export function serverArgs(): string[] {
  return ["server"];
}

/** Where the project lives: named in the User-Agent when no contact is given. */
export const PROJECT_URL = "https://github.com/cityindex/cityindex";

/**
 * The User-Agent header: `cityindex/<version> (+<contact>)`, the contact being an e-mail address or a URL where
 * the operator of an API can reach whoever runs the requests; without one, the project's URL.
 *
 * @example
 * userAgent("0.1.0", "mailto:data@example.org") // "cityindex/0.1.0 (+mailto:data@example.org)"
 */
export function userAgent(version: string, contact?: string): string {
  return `cityindex/${version} (+${contact ?? PROJECT_URL})`;
}

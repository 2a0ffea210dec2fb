import { type CredentialTransportRule, hostOf, mayCarryCredentials as rulePermitsCredentials, mayUsePlainHttp as rulePermitsPlainHttp } from '../net/credential-transport';

/**
 * The registry's side of the shared credential rule (net/credential-transport.ts): docker's loopback exception,
 * and the registries the user named with --insecure-registry. No rule of its own lives here.
 */
export interface TransportPolicy {
  /** `host[:port]` of registries the user marked insecure: http allowed, TLS not verified. */
  insecure: readonly string[];
}

export const isInsecure = (hostPort: string, p: TransportPolicy): boolean => p.insecure.some((h) => h.toLowerCase() === hostPort.toLowerCase());

const registryRule = (hostPort: string, p: TransportPolicy): CredentialTransportRule => ({ insecure: isInsecure(hostPort, p), loopbackPlainHttp: true });

/** Plain http may be tried: loopback, or marked insecure. */
export const mayUsePlainHttp = (hostPort: string, p: TransportPolicy): boolean => rulePermitsPlainHttp(hostOf(hostPort), registryRule(hostPort, p));

/**
 * Whether credentials may travel to `url`: always over https, over http only to a loopback host or one the user
 * marked insecure. Applies to the token realm too, which a registry names and which may be another host.
 */
export const mayCarryCredentials = (url: URL, p: TransportPolicy): boolean => rulePermitsCredentials(url, registryRule(url.host, p));

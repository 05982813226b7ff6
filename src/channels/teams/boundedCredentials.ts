/**
 * The credentials factory of the Teams adapter: botbuilder's own (`ConfigurationServiceClientCredentialFactory`,
 * which picks the authority and scope per app type and cloud), except that the MSAL client behind every
 * password credential sends its requests through {@link createMsalNetworkClient}, and a managed identity's
 * token is requested by {@link ManagedIdentityCredentials}, so that getting a token before a connector call
 * is bounded by the outbound timeout like the call itself.
 */
import { ConfigurationServiceClientCredentialFactory, type ConfigurationServiceClientCredentialFactoryOptions } from 'botbuilder';
import { ManagedIdentityAppCredentials, MicrosoftAppCredentials, MsalAppCredentials, type ServiceClientCredentials } from 'botframework-connector';
import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import type { TokenCredential } from '@azure/identity';
import { createManagedIdentityCredential, ManagedIdentityCredentials } from './managedIdentityCredentials';

/** How a managed identity's token is bounded. */
export interface ManagedIdentityBound {
  /** The whole token request, retries included, in ms (the outbound timeout). */
  timeoutMs: number;
  /** A bounded fetch that every request for the token is sent on. */
  fetch: typeof fetch;
}

/** A credentials factory whose MSAL token requests go through `networkClient`. */
export class BoundedCredentialsFactory extends ConfigurationServiceClientCredentialFactory {
  /** One MSAL client per authority: it keeps the authority's metadata, so discovery runs once. */
  private readonly clients = new Map<string, ConfidentialClientApplication>();
  /** One managed identity credential per app id (it keeps MSAL's token cache). */
  private readonly identities = new Map<string, TokenCredential>();

  constructor(options: ConfigurationServiceClientCredentialFactoryOptions, private readonly networkClient: INetworkModule, private readonly managedIdentity?: ManagedIdentityBound) {
    // The base keeps the password (and its toJSON names only the app id).
    super(options);
  }

  /**
   * botbuilder's credentials, with a password credential rebuilt on an MSAL client that uses the bounded
   * network client, and a managed identity's (`UserAssignedMSI`) replaced by {@link ManagedIdentityCredentials}
   * when a bound is given. Certificates (not configured by this app) are returned as botbuilder makes them.
   */
  override async createCredentials(appId: string, audience: string, loginEndpoint: string, validateAuthority: boolean): Promise<ServiceClientCredentials> {
    const credentials = await super.createCredentials(appId, audience, loginEndpoint, validateAuthority);
    if (credentials instanceof ManagedIdentityAppCredentials && this.managedIdentity) {
      // botbuilder checked the app id; its credential is dropped unused (it makes no request until asked).
      const { timeoutMs, fetch } = this.managedIdentity;
      let identity = this.identities.get(appId);
      if (!identity) this.identities.set(appId, (identity = createManagedIdentityCredential(appId, fetch)));
      return new ManagedIdentityCredentials(appId, credentials.oAuthScope, identity, timeoutMs);
    }
    const password = this.password;
    // Exactly botbuilder's password credential classes (public, government, private cloud), nothing else.
    if (!(credentials instanceof MicrosoftAppCredentials) || credentials === MicrosoftAppCredentials.Empty || !password) return credentials;
    const authority = credentials.oAuthEndpoint;
    // With a client application the authority argument is unused: the client carries it.
    return new MsalAppCredentials(this.client(appId, password, authority, validateAuthority), appId, authority, credentials.oAuthScope);
  }

  private client(appId: string, password: string, authority: string, validateAuthority: boolean): ConfidentialClientApplication {
    let client = this.clients.get(authority);
    if (!client) {
      client = new ConfidentialClientApplication({
        // An authority that is not to be validated is trusted as it is: no instance discovery call for it.
        auth: { clientId: appId, clientSecret: password, authority, knownAuthorities: validateAuthority === false ? [new URL(authority).host] : [] },
        system: { networkClient: this.networkClient },
      });
      this.clients.set(authority, client);
    }
    return client;
  }
}

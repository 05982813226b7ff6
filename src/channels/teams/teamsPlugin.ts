/**
 * The Teams surface: `POST /api/messages` served by botbuilder's CloudAdapter on the shared restify server.
 * Configuration and translations are injected (never read from the environment here) so tests can run
 * several instances; every text the surface adds comes from the i18next resources (src/bot/locales).
 */
import { randomUUID } from 'node:crypto';
import type * as restify from 'restify';
import {
  Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationBotFrameworkAuthenticationOptions,
  InvokeResponse,
  TurnContext,
} from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type AuthenticateRequestResult, type ConnectorFactory } from 'botframework-connector';
import type { FeedbackSink } from '../../bot/feedbackLog';
import type { Texts } from '../../bot/i18n';
import type { Bot } from '../../bot/types';
import type { Logger } from '../../core/logger';
import type { Lang } from '../../core/types';
import type { ServerPlugin } from '../../server/buildServer';
import { clientAddress } from '../../server/clientAddress';
import { createFeedbackSigner } from '../../bot/feedbackRef';
import { createRejectionSummary, type RejectionSummary } from '../../server/rejectionSummary';
import { boundedFetch } from '../boundedFetch';
import { BoundedCredentialsFactory } from './boundedCredentials';
import { limitConnectorFactory } from './connectorTimeout';
import { allowCustomEntityFields } from './entitySerialization';
import { isLoopbackUrl } from './loopbackUrl';
import { createMsalNetworkClient, MAX_MSAL_RESPONSE_BYTES } from './msalNetworkClient';
import { createOpenIdKeys } from './openIdKeys';
import { bearerProblem, TeamsAuthError, verifyChannelToken } from './teamsAuth';
import { TeamsHandler } from './teamsHandler';

/** Bot Framework credentials of the Azure Bot registration. */
export interface TeamsAuthConfig {
  /** Without an app id the endpoint is unauthenticated (Bot Framework Emulator, Agents Playground). */
  appId?: string;
  appPassword?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
  /** The Bot Framework's OpenID metadata document (botbuilder's public-cloud URL when absent). */
  openIdMetadataUrl?: string;
}

/** Time limits of the surface. */
export interface TeamsTimeouts {
  /** Each outbound call (connector, OpenID metadata and keys), in ms (default 5000). */
  outboundMs?: number;
  /** The inbound request is answered after this long even if the turn is still running (default 12000). */
  turnMs?: number;
}

/** Options of {@link createTeamsPlugin}. */
export interface TeamsPluginOptions {
  bot: Bot;
  auth: TeamsAuthConfig;
  /**
   * Translations (from `createTexts()`): card labels, and the apology after an unexpected turn failure
   * (`error.turn`, the same text as the bot's own `error` replies).
   */
  texts: Texts;
  feedbackLog: FeedbackSink;
  /**
   * Key of the HMAC that signs the feedback buttons (`FEEDBACK_SIGNING_KEY`). Without it a random key
   * per process: a click after a restart is then not recorded.
   */
  feedbackSigningKey?: string;
  /** Typing indicator only for replies slower than this (default 300 ms). */
  typingDelayMs?: number;
  log: Logger;
  /**
   * Message activity ids already taken, shared by every replica (src/state/dedup.ts): a redelivered
   * activity is acknowledged without a second answer. Absent: no deduplication (one process, as before).
   */
  activityIds?: { addIfNew(id: string): boolean | Promise<boolean> };
  timeouts?: TeamsTimeouts;
  /** Where refused requests are counted (default: a summary on `log`). */
  rejections?: RejectionSummary;
}

/** The Teams plugin also exposes its adapter, for proactive messages from the composition root. */
export interface TeamsPlugin extends ServerPlugin {
  adapter: CloudAdapter;
}

/** The adapter with its protected turn runner opened up: authentication is done by {@link verifyChannelToken}. */
class TeamsAdapter extends CloudAdapter {
  runTurn(result: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(result, activity, logic);
  }
}

/**
 * Every connector factory it hands out (replies, proactive follow-ups) makes clients with a time limit,
 * and the token each client gets first is requested with the same limit.
 */
class BoundedBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(options: ConfigurationBotFrameworkAuthenticationOptions, private readonly timeoutMs: number) {
    const tokenFetch = boundedFetch(timeoutMs, { maxResponseBytes: MAX_MSAL_RESPONSE_BYTES });
    super(options, new BoundedCredentialsFactory(options, createMsalNetworkClient(tokenFetch), { timeoutMs, fetch: tokenFetch }));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return limitConnectorFactory(super.createConnectorFactory(claimsIdentity), this.timeoutMs);
  }
}

/** What one inbound request's turn shares with `onTurnError`. */
interface TurnInfo {
  correlationId: string;
  /** Set once the request has been answered by the deadline: later failures are logged at debug. */
  timedOut: boolean;
}
const TURN_INFO = Symbol('teamsTurnInfo');

/** Failures of the outbound HTTP call itself: the apology would fail the same way. */
function isConnectorFailure(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown; statusCode?: unknown; errorCode?: unknown } | undefined;
  // errorCode: MSAL's outbound token request failed.
  return e?.name === 'AbortError' || e?.name === 'RestError' || typeof e?.code === 'string' || typeof e?.statusCode === 'number' || typeof e?.errorCode === 'string';
}

/**
 * Last resort, deliberately not from the i18next resources: used only when translating the apology
 * itself fails (throws, or the key is missing), since by then i18n is what is broken.
 */
function builtInErrorText(lang: Lang, correlationId: string): string {
  return lang === 'nl'
    ? `Sorry, er ging iets mis bij het beantwoorden van je vraag. Probeer het later opnieuw. (referentie: ${correlationId})`
    : `Sorry, something went wrong while answering your question. Please try again later. (reference: ${correlationId})`;
}

/**
 * The apology shown when a turn fails unexpectedly, in the client's language, or in both when the locale
 * is neither Dutch nor English. The correlation id lets support find the log line.
 */
export function turnErrorText(
  locale: string | undefined,
  correlationId: string,
  errorText: (lang: Lang, correlationId: string) => string = builtInErrorText,
): string {
  const base = (typeof locale === 'string' ? locale : '').toLowerCase().split(/[-_]/)[0];
  if (base === 'nl' || base === 'en') return errorText(base, correlationId);
  return `${errorText('en', correlationId)}\n\n${errorText('nl', correlationId)}`;
}

/** The apology text per language: `error.turn` from the resources, or a built-in text when i18n fails. */
export function errorTextFrom(texts: Texts): (lang: Lang, correlationId: string) => string {
  return (lang, correlationId) => {
    try {
      const text = texts.t('error.turn', lang, { id: correlationId });
      if (text && text !== 'error.turn') return text;
    } catch {
      // Fall through to the built-in text.
    }
    return builtInErrorText(lang, correlationId);
  };
}

function authOptions(auth: TeamsAuthConfig): ConfigurationBotFrameworkAuthenticationOptions {
  // Empty strings (not undefined) keep botbuilder's "no app id → authentication disabled" path.
  return {
    MicrosoftAppId: auth.appId ?? '',
    MicrosoftAppPassword: auth.appPassword ?? '',
    MicrosoftAppType: auth.appType ?? (auth.appId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: auth.tenantId ?? '',
  };
}

/** botbuilder's public-cloud OpenID metadata of the Bot Connector service. */
export const BOT_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';

const json = (res: restify.Response, status: number, code: string, message: string) => res.send(status, { code, message });

/**
 * Creates the Teams surface as a server plugin serving `POST /api/messages`.
 *
 * With an app id every request must carry a Bot Connector token ({@link verifyChannelToken}); a refused
 * one gets 401 `{ code: 'Unauthorized' }`, an unreachable identity provider 503, both generic and counted
 * in the rejection summary rather than logged one by one. Without an app id (local mode) replies may only
 * go to a loopback `serviceUrl`: anything else is refused with 400 before any outbound call.
 */
export function createTeamsPlugin(options: TeamsPluginOptions): TeamsPlugin {
  const { log } = options;
  const errorText = errorTextFrom(options.texts);
  const appId = options.auth.appId ?? '';
  const outboundMs = options.timeouts?.outboundMs ?? 5000;
  const turnMs = options.timeouts?.turnMs ?? 12_000;
  const rejections = options.rejections ?? createRejectionSummary({ log, surface: 'teams' });
  // Without this the citation entity loses everything but its `type` on the wire.
  allowCustomEntityFields(log);
  const bfAuth = new BoundedBotFrameworkAuthentication(authOptions(options.auth), outboundMs);
  const adapter = new TeamsAdapter(bfAuth);
  const keys = appId ? createOpenIdKeys({ metadataUrl: options.auth.openIdMetadataUrl ?? BOT_OPENID_METADATA_URL, timeoutMs: outboundMs, log, fetch: boundedFetch(outboundMs, { maxResponseBytes: 1024 * 1024 }) }) : undefined;

  // Any exception in a turn ends up here: one log line with a correlation id, an apology when the
  // connector can still be reached, never a rethrow.
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const info = context.turnState.get(TURN_INFO) as TurnInfo | undefined;
    const correlationId = info?.correlationId ?? randomUUID();
    const activity = context.activity;
    const fields = { correlationId, activityType: activity?.type, activityId: activity?.id, conversationId: activity?.conversation?.id, err: error?.message ?? String(error) };
    if (activity?.type !== 'message' || isConnectorFailure(error)) {
      log[info?.timedOut ? 'debug' : 'error']({ ...fields, connector: isConnectorFailure(error) }, 'teams turn error');
      return;
    }
    let apology = 'sent';
    try {
      await context.sendActivity({ type: 'message', text: turnErrorText(activity.locale, correlationId, errorText) });
    } catch (sendError) {
      apology = `not sent: ${(sendError as Error).message}`;
    }
    log[info?.timedOut ? 'debug' : 'error']({ ...fields, apology }, 'teams turn error');
  };

  const handler = new TeamsHandler({
    bot: options.bot,
    t: options.texts.t,
    feedbackLog: options.feedbackLog,
    signer: createFeedbackSigner(options.feedbackSigningKey),
    typingDelayMs: options.typingDelayMs,
    log,
    continueConversation: (reference, send) => adapter.continueConversationAsync(appId, reference, send),
  });

  /** Authenticates one request: the token's claims, or the anonymous identity in local mode. */
  const authenticate = async (req: restify.Request, activity: Activity): Promise<AuthenticateRequestResult> => {
    if (!keys) {
      const anonymous = await bfAuth.authenticateRequest(activity, '');
      return { ...anonymous, connectorFactory: anonymous.connectorFactory && limitConnectorFactory(anonymous.connectorFactory, outboundMs) };
    }
    const claims = await verifyChannelToken(req.headers.authorization, activity, { appId, keys });
    const claimsIdentity = new ClaimsIdentity(claims, true);
    // The audience and caller id botbuilder gives a public-cloud channel request.
    return { audience: AuthenticationConstants.ToChannelFromBotOAuthScope, callerId: 'urn:botframework:azure', claimsIdentity, connectorFactory: bfAuth.createConnectorFactory(claimsIdentity) };
  };

  /** Runs the turn, answering the request after `turnMs` at the latest. */
  const run = async (req: restify.Request, res: restify.Response, result: AuthenticateRequestResult, activity: Activity): Promise<void> => {
    const info: TurnInfo = { correlationId: randomUUID(), timedOut: false };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), turnMs)));
    const turn = adapter.runTurn(result, activity, async (context) => {
      context.turnState.set(TURN_INFO, info);
      // After authentication, so an outsider cannot claim ids ahead of Teams.
      const a = context.activity;
      if (options.activityIds && a.type === 'message' && typeof a.id === 'string' && a.id !== '') {
        if (!(await options.activityIds.addIfNew(`${a.conversation?.id ?? ''}:${a.id}`))) {
          log.info({ activityId: a.id }, 'teams: duplicate delivery acknowledged without processing');
          return;
        }
      }
      return handler.run(context);
    });
    try {
      const outcome = await Promise.race([turn, deadline]);
      if (outcome === 'deadline') {
        info.timedOut = true;
        // Answered 200: the activity was accepted; a retry by the channel would not reach a dead connector either.
        log.error({ correlationId: info.correlationId, conversationId: activity.conversation?.id, turnMs }, 'teams: turn did not finish in time, answered without waiting');
        turn.catch(() => undefined);
        res.send(200);
        return;
      }
      if (outcome?.status) res.send(outcome.status, outcome.body);
      else res.send(200);
    } catch (err) {
      // onTurnError catches the turn's own errors; this is the adapter failing around it.
      log.error({ correlationId: info.correlationId, err: (err as Error).message }, 'teams request error');
      if (!res.headersSent) json(res, 500, 'Internal', `internal error (reference ${info.correlationId})`);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    name: 'teams',
    adapter,
    // With an app id, a request without a well-formed bearer token is refused before its body is read.
    bodyRules: appId
      ? [{
          path: '/api/messages',
          precheck: (req) => {
            const reason = bearerProblem(req.headers.authorization);
            return reason ? { status: 401, code: 'Unauthorized', message: 'a valid Bot Framework token is required', reason, headers: { 'WWW-Authenticate': 'Bearer' } } : undefined;
          },
        }]
      : [],
    mount(server: restify.Server): void {
      server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
        const activity = req.body as Activity;
        const client = clientAddress(req);
        if (!keys && !isLoopbackUrl(activity.serviceUrl)) {
          rejections.record('non_loopback_service_url', client);
          json(res, 400, 'InvalidContent', 'activity.serviceUrl must be a loopback URL: this bot runs without Bot Framework authentication');
          return;
        }
        let result: AuthenticateRequestResult;
        try {
          result = await authenticate(req, activity);
        } catch (err) {
          if (!(err instanceof TeamsAuthError)) throw err;
          rejections.record(err.reason, client);
          if (err.status === 503) json(res, 503, 'ServiceUnavailable', 'authentication is temporarily unavailable; try again later');
          else {
            res.header('WWW-Authenticate', 'Bearer');
            json(res, 401, 'Unauthorized', 'a valid Bot Framework token is required');
          }
          return;
        }
        await run(req, res, result, activity);
      });
    },
  };
}

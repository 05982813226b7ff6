/**
 * The Teams surface: `POST /api/messages` served by botbuilder's CloudAdapter on the shared restify server.
 * Configuration and translations are injected (never read from the environment here) so tests can run
 * several instances; every text the surface adds comes from the i18next resources (src/bot/locales).
 */
import { randomUUID } from 'node:crypto';
import type * as restify from 'restify';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationBotFrameworkAuthenticationOptions,
  TurnContext,
} from 'botbuilder';
import type { FeedbackEntry } from '../../bot/feedbackLog';
import type { Texts } from '../../bot/i18n';
import type { Bot } from '../../bot/types';
import type { Logger } from '../../core/logger';
import type { Lang } from '../../core/types';
import type { ServerPlugin } from '../../server/buildServer';
import { allowCustomEntityFields } from './entitySerialization';
import { TeamsHandler } from './teamsHandler';

/** Bot Framework credentials of the Azure Bot registration. */
export interface TeamsAuthConfig {
  /** Without an app id the endpoint is unauthenticated (Bot Framework Emulator, Agents Playground). */
  appId?: string;
  appPassword?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
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
  feedbackLog: { record(entry: FeedbackEntry): Promise<void> };
  log: Logger;
  /**
   * Message activity ids already taken, shared by every replica (src/state/dedup.ts): a redelivered
   * activity is acknowledged without a second answer. Absent: no deduplication (one process, as before).
   */
  activityIds?: { addIfNew(id: string): boolean | Promise<boolean> };
}

/** The Teams plugin also exposes its adapter, for proactive messages from the composition root. */
export interface TeamsPlugin extends ServerPlugin {
  adapter: CloudAdapter;
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

/** Creates the Teams surface as a server plugin serving `POST /api/messages`. */
export function createTeamsPlugin(options: TeamsPluginOptions): TeamsPlugin {
  const { log } = options;
  const errorText = errorTextFrom(options.texts);
  const appId = options.auth.appId ?? '';
  // Without this the citation entity loses everything but its `type` on the wire.
  allowCustomEntityFields(log);
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(authOptions(options.auth)));

  // Any exception in a turn ends up here: log it with a correlation id, apologise, never rethrow.
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const correlationId = randomUUID();
    const activity = context.activity;
    log.error({ correlationId, activityType: activity?.type, activityId: activity?.id, conversationId: activity?.conversation?.id, err: error?.message ?? String(error) }, 'teams turn error');
    if (activity?.type !== 'message') return;
    try {
      await context.sendActivity({ type: 'message', text: turnErrorText(activity.locale, correlationId, errorText) });
    } catch (sendError) {
      // Typically the connector is unreachable: the apology cannot be delivered either.
      log.error({ correlationId, err: (sendError as Error).message }, 'teams turn error: could not send the error message');
    }
  };

  const handler = new TeamsHandler({
    bot: options.bot,
    t: options.texts.t,
    feedbackLog: options.feedbackLog,
    log,
    continueConversation: (reference, send) => adapter.continueConversationAsync(appId, reference, send),
  });

  return {
    name: 'teams',
    adapter,
    mount(server: restify.Server): void {
      server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
        // With an app id botbuilder rejects a missing header with 401 anyway; answering here skips its
        // console stack trace for every anonymous probe.
        if (appId && !req.headers.authorization) {
          log.warn({ method: req.method, path: req.path(), status: 401 }, 'teams: rejected without Authorization header');
          res.send(401, { error: 'unauthorized' });
          return;
        }
        try {
          // CloudAdapter answers 401 for AuthenticationError, the invoke response status/body, or 200.
          await adapter.process(req, res, async (context) => {
            // After authentication (inside the turn), so an outsider cannot claim ids ahead of Teams.
            const a = context.activity;
            if (options.activityIds && a.type === 'message' && typeof a.id === 'string' && a.id !== '') {
              if (!(await options.activityIds.addIfNew(`${a.conversation?.id ?? ''}:${a.id}`))) {
                log.info({ activityId: a.id }, 'teams: duplicate delivery acknowledged without processing');
                return;
              }
            }
            await handler.run(context);
          });
        } catch (err) {
          const correlationId = randomUUID();
          log.error({ correlationId, err: (err as Error).message }, 'teams request error');
          if (!res.headersSent) res.send(500, { error: 'internal error', correlationId });
        }
      });
    },
  };
}

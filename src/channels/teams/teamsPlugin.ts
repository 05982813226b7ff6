/**
 * The Teams surface: `POST /api/messages` served by botbuilder's CloudAdapter on the shared restify server.
 * Configuration is injected (never read from the environment here) so tests can run several instances.
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
import type { Bot } from '../../bot/types';
import type { ServerPlugin } from '../../server/buildServer';
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
  feedbackLog: { record(entry: FeedbackEntry): Promise<void> };
  log: (line: string) => void;
}

/** The Teams plugin also exposes its adapter, for proactive messages from the composition root. */
export interface TeamsPlugin extends ServerPlugin {
  adapter: CloudAdapter;
}

/** Shown when a turn fails unexpectedly; the correlation id lets support find the log line. */
export function turnErrorText(locale: string | undefined, correlationId: string): string {
  const lang = locale?.toLowerCase().slice(0, 2);
  const nl = `Sorry, er ging iets mis bij het beantwoorden van je vraag. Probeer het later opnieuw. (referentie: ${correlationId})`;
  const en = `Sorry, something went wrong while answering your question. Please try again later. (reference: ${correlationId})`;
  if (lang === 'nl') return nl;
  if (lang === 'en') return en;
  return `${en}\n\n${nl}`;
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
  const appId = options.auth.appId ?? '';
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(authOptions(options.auth)));

  // Any exception in a turn ends up here: log it with a correlation id, apologise, never rethrow.
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const correlationId = randomUUID();
    const activity = context.activity;
    log(`teams turn error ${correlationId} (${activity?.type ?? '?'} in ${activity?.conversation?.id ?? '?'}): ${error?.message ?? String(error)}`);
    if (activity?.type !== 'message') return;
    try {
      await context.sendActivity({ type: 'message', text: turnErrorText(activity.locale, correlationId) });
    } catch (sendError) {
      // Typically the connector is unreachable: the apology cannot be delivered either.
      log(`teams turn error ${correlationId}: could not send the error message: ${(sendError as Error).message}`);
    }
  };

  const handler = new TeamsHandler({
    bot: options.bot,
    feedbackLog: options.feedbackLog,
    log,
    continueConversation: (reference, send) => adapter.continueConversationAsync(appId, reference, send),
  });

  return {
    name: 'teams',
    adapter,
    mount(server: restify.Server): void {
      server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
        try {
          // CloudAdapter answers 401 for AuthenticationError, the invoke response status/body, or 200.
          await adapter.process(req, res, (context) => handler.run(context));
        } catch (err) {
          const correlationId = randomUUID();
          log(`teams request error ${correlationId}: ${(err as Error).message}`);
          if (!res.headersSent) res.send(500, { error: 'internal error', correlationId });
        }
      });
    },
  };
}

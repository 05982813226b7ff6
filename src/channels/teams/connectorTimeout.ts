/**
 * A time limit for every call the Bot Framework connector client makes (typing, replies, updates). The
 * client has none by default: a connector that accepts the connection and never answers held the turn,
 * and the inbound request with it, forever. botbuilder overwrites `requestPolicyFactories` of the client
 * options, so the limit is added to each client's HTTP pipeline as it is created: one policy sets the
 * per-attempt timeout and an abort signal that bounds the whole call, retries included.
 */
import type { ConnectorClient, ConnectorFactory } from 'botframework-connector';

/** The part of @azure/core-rest-pipeline's request a policy touches. */
interface PipelineRequest {
  timeout: number;
  abortSignal?: AbortSignal;
}

interface PipelinePolicy {
  name: string;
  sendRequest(request: PipelineRequest, next: (request: PipelineRequest) => Promise<unknown>): Promise<unknown>;
}

/** What the connector client exposes of its pipeline (not in its public types). */
interface WithPipeline {
  client?: { pipeline?: { addPolicy(policy: PipelinePolicy): void } };
}

/** Adds the limit to one connector client; throws when the client no longer has the expected shape. */
export function limitConnectorClient<T extends ConnectorClient>(client: T, timeoutMs: number): T {
  const pipeline = (client as unknown as WithPipeline).client?.pipeline;
  // Refusing to run unbounded is better than silently losing the limit after a botbuilder upgrade.
  if (!pipeline) throw new Error('connector client without an HTTP pipeline: cannot bound its calls');
  pipeline.addPolicy({
    name: 'privacyBotConnectorTimeout',
    sendRequest(request, next) {
      const deadline = AbortSignal.timeout(timeoutMs);
      request.timeout = timeoutMs;
      request.abortSignal = request.abortSignal ? AbortSignal.any([request.abortSignal, deadline]) : deadline;
      return next(request);
    },
  });
  return client;
}

/** A connector factory whose clients give up after `timeoutMs` per call. */
export function limitConnectorFactory(factory: ConnectorFactory, timeoutMs: number): ConnectorFactory {
  return {
    create: async (serviceUrl: string, audience?: string) => limitConnectorClient(await factory.create(serviceUrl, audience), timeoutMs),
  } as ConnectorFactory;
}

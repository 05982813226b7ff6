/**
 * Keeps custom fields of `activity.entities` on the wire.
 *
 * Why: botbuilder 4.23.3 serialises outgoing activities with @azure/core-client, whose sequence serialiser
 * replaces the `entities` element mapper (which allows additional properties) by the registered `Entity`
 * model (which only knows `type`, `text` and `mentioned`). Every other field, e.g. the Teams citation
 * entity's `@type`, `@context` and `citation`, is silently dropped, so Teams would show no citations.
 * Declaring `additionalProperties` on the registered model restores the documented behaviour
 * (botbuilder-js #2561). The Teams tests assert the wire format, so an upgrade that changes this shows up.
 */
import { silentLogger, type Logger } from '../../core/logger';
import { createRequire } from 'node:module';

interface CompositeMapper {
  type: { name?: string; additionalProperties?: unknown };
}

let applied: boolean | undefined;

/**
 * Registers `additionalProperties` on botframework-connector's `Entity` mapper (idempotent).
 * Returns false when the mapper could not be found (citations may then be stripped); never throws.
 */
export function allowCustomEntityFields(log: Logger = silentLogger): boolean {
  if (applied !== undefined) return applied;
  try {
    // Resolve from botbuilder's own location so we patch the very copy it uses, even if nested.
    const fromBotbuilder = createRequire(require.resolve('botbuilder'));
    const mappers = fromBotbuilder('botframework-connector/lib/connectorApi/models/mappers') as Record<string, CompositeMapper | undefined>;
    const entity = mappers.Entity;
    if (!entity?.type || entity.type.name !== 'Composite') throw new Error('Entity mapper not found');
    entity.type.additionalProperties ??= { type: { name: 'Object' } };
    applied = true;
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'teams: could not enable custom entity fields, citations may be missing');
    applied = false;
  }
  return applied;
}

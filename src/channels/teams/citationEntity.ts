/**
 * The Teams citation entity: makes Teams show the `[n]` markers of a message's text as citation pills
 * with a hover card (title, abstract, link).
 * See https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-ai-bot-messages
 */
import { sourceLabel } from '../../bot/replyText';
import type { Answer } from '../../core/types';

/** Teams shows at most this many citations per message. */
export const MAX_TEAMS_CITATIONS = 20;
const MAX_NAME = 80;
const MAX_ABSTRACT = 160;

/** One `Claim` of the entity; `position` is the number inside the `[n]` marker. */
export interface TeamsClaim {
  '@type': 'Claim';
  position: number;
  appearance: {
    '@type': 'DigitalDocument';
    name: string;
    url: string;
    abstract: string;
  };
}

/** The `https://schema.org/Message` entity carrying the citations. */
export interface TeamsCitationEntity {
  type: 'https://schema.org/Message';
  '@type': 'Message';
  '@context': 'https://schema.org';
  '@id': '';
  citation: TeamsClaim[];
}

/** Shortens `text` to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  return clean.slice(0, max - 1).trimEnd() + '…';
}

/**
 * Builds the citation entity for an answer, or `undefined` when it cites nothing. Every citation of an
 * answer is referenced in its text (by a line or by "see also"), so each gets a claim; deliberately no
 * `additionalType: AIGeneratedContent`: the answers are extractive quotes.
 */
export function buildCitationEntity(answer: Answer): TeamsCitationEntity | undefined {
  const claims: TeamsClaim[] = [...answer.citations]
    .sort((a, b) => a.n - b.n)
    .slice(0, MAX_TEAMS_CITATIONS)
    .map((c) => {
      // The quoted line is the best abstract; the section heading is the fallback.
      const line = answer.lines.find((l) => l.citations.includes(c.n));
      const abstract = line ? line.text : c.section || c.title;
      return {
        '@type': 'Claim',
        position: c.n,
        appearance: {
          '@type': 'DigitalDocument',
          name: truncate(sourceLabel(c), MAX_NAME) || truncate(c.url, MAX_NAME),
          url: c.url,
          abstract: truncate(abstract, MAX_ABSTRACT),
        },
      };
    });
  if (claims.length === 0) return undefined;
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    citation: claims,
  };
}

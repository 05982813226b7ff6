/**
 * The few user-visible strings the Slack adapter adds around the bot's replies (buttons, headings).
 * Kept local: the bot layer owns the conversational texts, these are Slack chrome only.
 */
import type { Lang } from '../../core/types';

/** Keys of the Slack chrome strings. */
export type SlackStringKey =
  | 'share'
  | 'sources'
  | 'sourcePages'
  | 'crossLanguage'
  | 'sharedBy'
  | 'question'
  | 'helpful'
  | 'notHelpful'
  | 'feedbackThanks'
  | 'expired'
  | 'suggestions'
  | 'examples'
  | 'reference'
  | 'truncated';

const STRINGS: Record<Lang, Record<SlackStringKey, string>> = {
  en: {
    share: 'Share in channel',
    sources: 'Sources',
    sourcePages: 'From',
    crossLanguage: 'Note: the cited text is in Dutch.',
    sharedBy: 'Shared by',
    question: 'Question',
    helpful: 'Helpful',
    notHelpful: 'Not helpful',
    feedbackThanks: 'Thanks for your feedback!',
    expired: 'This answer is no longer available. Please ask your question again.',
    suggestions: 'You could ask, for example:',
    examples: 'Examples:',
    reference: 'Reference',
    truncated: '(shortened)',
  },
  nl: {
    share: 'Delen in kanaal',
    sources: 'Bronnen',
    sourcePages: 'Uit',
    crossLanguage: 'Let op: de geciteerde tekst is Engelstalig.',
    sharedBy: 'Gedeeld door',
    question: 'Vraag',
    helpful: 'Nuttig',
    notHelpful: 'Niet nuttig',
    feedbackThanks: 'Bedankt voor je feedback!',
    expired: 'Dit antwoord is niet meer beschikbaar. Stel je vraag opnieuw.',
    suggestions: 'Je kunt bijvoorbeeld vragen:',
    examples: 'Voorbeelden:',
    reference: 'Referentie',
    truncated: '(ingekort)',
  },
};

/** A Slack chrome string in `lang`. */
export function slackString(key: SlackStringKey, lang: Lang): string {
  return STRINGS[lang][key];
}

/** Shown when a slash command needs longer than Slack's 3 s: the language is not known yet, so both. */
export const WORKING_TEXT = 'Even geduld, ik zoek het op… / One moment, looking it up…';

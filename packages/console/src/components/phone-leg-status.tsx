import { type LegSession, phoneLeg } from '../lib/phone-leg-text.ts';

interface PhoneLegStatusProps {
  session: LegSession;
  perspective?: 'agent' | 'board';
}

/** The phone leg as a coloured dot and its text (see `phoneLeg`). */
export function PhoneLegStatus({ session, perspective = 'agent' }: PhoneLegStatusProps) {
  const { text, tone } = phoneLeg(session, perspective);
  return (
    <span className={`leg leg-${tone}`} data-testid="phone-leg">
      <span className="leg-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

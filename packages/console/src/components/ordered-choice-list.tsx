interface OrderedChoiceListProps<T extends string> {
  id: string;
  legend: string;
  /** Every choice the server accepts. */
  choices: readonly T[];
  /** The chosen ones, in order of preference. */
  value: readonly T[];
  onChange: (value: T[]) => void;
  error?: string | undefined;
  disabled?: boolean;
  hint?: string;
}

/**
 * An ordered multi-select: tick the choices you want, then order them by preference with the
 * up/down buttons. Chosen items are listed first, in their order; the rest follow unticked.
 */
export function OrderedChoiceList<T extends string>(props: OrderedChoiceListProps<T>) {
  const { id, legend, choices, value, onChange, error, disabled, hint } = props;
  const rest = choices.filter((c) => !value.includes(c));
  const ordered: T[] = [...value, ...rest];

  const toggle = (choice: T, on: boolean) => {
    onChange(on ? [...value, choice] : value.filter((c) => c !== choice));
  };
  const move = (index: number, delta: -1 | 1) => {
    const next = [...value];
    const target = index + delta;
    const a = next[index];
    const b = next[target];
    if (a === undefined || b === undefined) return;
    next[index] = b;
    next[target] = a;
    onChange(next);
  };

  return (
    <fieldset
      className={`ordered-list${error ? ' field-invalid' : ''}`}
      aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend>{legend}</legend>
      {hint && !error ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <ol>
        {ordered.map((choice) => {
          const position = value.indexOf(choice);
          const chosen = position >= 0;
          const inputId = `${id}-${choice}`;
          return (
            <li key={choice} className={chosen ? 'chosen' : undefined}>
              <span className="ordered-rank" aria-hidden="true">
                {chosen ? position + 1 : ''}
              </span>
              <input
                id={inputId}
                type="checkbox"
                checked={chosen}
                disabled={disabled}
                onChange={(e) => toggle(choice, e.target.checked)}
              />
              <label htmlFor={inputId}>{choice}</label>
              {chosen && !disabled ? (
                <span className="ordered-moves">
                  <button
                    type="button"
                    className="icon-button"
                    onClick={() => move(position, -1)}
                    disabled={position === 0}
                    aria-label={`Move ${choice} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    onClick={() => move(position, 1)}
                    disabled={position === value.length - 1}
                    aria-label={`Move ${choice} down`}
                  >
                    ↓
                  </button>
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

import type { RowAction } from './use-row-action.ts';

interface RecordRowActionsProps {
  /** How the buttons name the record, e.g. "Front desk" or "extension 301". */
  name: string;
  enabled: boolean;
  readOnly: boolean;
  rowAction: RowAction;
  onEdit: () => void;
  /** Sends the enable/disable change; the list reloads after it. */
  toggle: () => Promise<unknown>;
  reload: () => void;
  /** Refuses the toggle for this row (e.g. an admin disabling themselves). */
  toggleDisabled?: boolean;
}

/** Edit (View for supervisors) and Disable/Enable: the row actions of every admin record list. */
export function RecordRowActions(props: RecordRowActionsProps) {
  const { name, enabled, readOnly, rowAction } = props;
  return (
    <>
      <button
        type="button"
        className="button button-small"
        onClick={props.onEdit}
        aria-label={`${readOnly ? 'View' : 'Edit'} ${name}`}
      >
        {readOnly ? 'View' : 'Edit'}
      </button>
      {readOnly ? null : (
        <button
          type="button"
          className="button button-small button-ghost"
          disabled={rowAction.busy || props.toggleDisabled === true}
          aria-label={`${enabled ? 'Disable' : 'Enable'} ${name}`}
          onClick={() =>
            rowAction.run(props.toggle, props.reload, `${enabled ? 'disable' : 'enable'} ${name}`)
          }
        >
          {enabled ? 'Disable' : 'Enable'}
        </button>
      )}
    </>
  );
}

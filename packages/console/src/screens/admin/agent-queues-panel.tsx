import { useEffect, useState } from 'react';
import { getAgentQueues, parseQueueList, setAgentQueues } from '../../api/agent-queues.ts';
import { ApiError, errorMessage } from '../../api/api-error.ts';
import { TextField } from '../../components/fields.tsx';

type Outcome = { tone: 'ok' | 'error'; text: string; field: string | undefined } | null;

/**
 * The Asterisk queues the agent joins while logged in. They have their own route, so they are
 * loaded and saved apart from the agent form's PATCH; Asterisk gets them at the agent's next login.
 */
export function AgentQueuesPanel({ agentId, readOnly }: { agentId: number; readOnly: boolean }) {
  const [saved, setSaved] = useState<string[] | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  useEffect(() => {
    getAgentQueues(agentId)
      .then(({ queues }) => {
        setSaved(queues);
        setText(queues.join(', '));
      })
      .catch((e: unknown) => setOutcome({ tone: 'error', text: errorMessage(e), field: undefined }));
  }, [agentId]);

  const save = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const { queues } = await setAgentQueues(agentId, parseQueueList(text));
      setSaved(queues);
      setText(queues.join(', '));
      setOutcome({
        tone: 'ok',
        text: 'Queues saved. They apply at the agent’s next login.',
        field: undefined,
      });
    } catch (e) {
      const field = e instanceof ApiError ? e.fields.queues : undefined;
      setOutcome({ tone: 'error', text: errorMessage(e), field });
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="form-section">
      <legend>Queues</legend>
      {outcome && outcome.field === undefined ? (
        <p
          className={outcome.tone === 'ok' ? 'form-ok' : 'field-error'}
          role={outcome.tone === 'ok' ? 'status' : 'alert'}
        >
          {outcome.text}
        </p>
      ) : null}
      {saved === null ? null : (
        <div className="form-grid">
          <TextField
            id="agent-queues"
            label="Queues"
            value={text}
            onChange={setText}
            error={outcome?.field}
            hint="Asterisk queue names, comma-separated (A-Z a-z 0-9 _ . -); empty for none."
            disabled={readOnly}
          />
        </div>
      )}
      {readOnly || saved === null ? null : (
        <div className="form-actions">
          <button type="button" className="button" disabled={busy} onClick={() => void save()}>
            {busy ? 'Saving…' : 'Save queues'}
          </button>
        </div>
      )}
    </fieldset>
  );
}

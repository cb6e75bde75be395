import type { FieldErrors } from '../../api/api-error.ts';
import {
  MEDIA_ENCRYPTIONS,
  type MediaEncryption,
  SIP_CODECS,
  SIP_PEER_TYPES,
  SIP_TRANSPORTS,
  type SipPeerType,
  type VoiceSettings,
} from '../../api/voice-settings.ts';
import { CheckboxField, SelectField, TextField } from '../../components/fields.tsx';
import { OrderedChoiceList } from '../../components/ordered-choice-list.tsx';

const PEER_TYPE_NAMES: Record<SipPeerType, string> = {
  friend: 'Friend (calls both ways)',
  peer: 'Peer (outgoing calls)',
  user: 'User (incoming calls)',
};

const ENCRYPTION_NAMES: Record<MediaEncryption, string> = {
  no: 'No encryption',
  sdes: 'SRTP (SDES)',
  dtls: 'SRTP (DTLS)',
};

/** The names this fieldset shows errors for, as the API may report them (`voice.host`). */
export const VOICE_FIELD_NAMES: readonly string[] = [
  'voice',
  ...Object.keys({
    transports: 0,
    host: 0,
    nat: 0,
    type: 0,
    codecs: 0,
    callerId: 0,
    context: 0,
    callGroup: 0,
    pickupGroup: 0,
    chanspy: 0,
    video: 0,
    recordCalls: 0,
    encryption: 0,
  } satisfies Record<keyof VoiceSettings, 0>).map((k) => `voice.${k}`),
];

interface VoiceSettingsFieldsetProps {
  value: VoiceSettings;
  onChange: (value: VoiceSettings) => void;
  fields: FieldErrors;
  readOnly: boolean;
}

/** An agent's SIP account settings, as PJSIP renders them for the Internal interface. */
export function VoiceSettingsFieldset({ value, onChange, fields, readOnly }: VoiceSettingsFieldsetProps) {
  const set = <K extends keyof VoiceSettings>(key: K, v: VoiceSettings[K]) =>
    onChange({ ...value, [key]: v });
  const err = (key: keyof VoiceSettings) => fields[`voice.${key}`];

  return (
    <fieldset className="form-section">
      <legend>Voice settings</legend>
      <p className="muted">The agent's own SIP account, used by the Internal interface.</p>
      {fields.voice ? <p className="field-error">{fields.voice}</p> : null}
      <div className="form-grid">
        <OrderedChoiceList
          id="voice-transports"
          legend="Transports"
          hint="Tick the transports to allow, most preferred first."
          choices={SIP_TRANSPORTS}
          value={value.transports}
          onChange={(v) => set('transports', v)}
          error={err('transports')}
          disabled={readOnly}
        />
        <OrderedChoiceList
          id="voice-codecs"
          legend="Codecs"
          hint="Tick the allowed codecs, most preferred first."
          choices={SIP_CODECS}
          value={value.codecs}
          onChange={(v) => set('codecs', v)}
          error={err('codecs')}
          disabled={readOnly}
        />
        <TextField
          id="voice-host"
          label="Host"
          value={value.host}
          onChange={(v) => set('host', v)}
          error={err('host')}
          hint="dynamic when the phone registers, or a fixed IP address or host name."
          disabled={readOnly}
        />
        <SelectField
          id="voice-type"
          label="Type"
          value={value.type}
          options={SIP_PEER_TYPES.map((t) => ({ value: t, label: PEER_TYPE_NAMES[t] }))}
          onChange={(v) => set('type', v as SipPeerType)}
          error={err('type')}
          disabled={readOnly}
        />
        <TextField
          id="voice-caller-id"
          label="Caller ID"
          value={value.callerId}
          onChange={(v) => set('callerId', v)}
          error={err('callerId')}
          hint={'Shown to the people this agent calls, e.g. "Alice" <2001>.'}
          disabled={readOnly}
        />
        <TextField
          id="voice-context"
          label="Context"
          value={value.context}
          onChange={(v) => set('context', v)}
          error={err('context')}
          hint="Dialplan context for this agent's calls."
          disabled={readOnly}
        />
        <TextField
          id="voice-call-group"
          label="Call group"
          value={value.callGroup}
          onChange={(v) => set('callGroup', v)}
          error={err('callGroup')}
          hint="e.g. 1,3-4; empty for none."
          disabled={readOnly}
        />
        <TextField
          id="voice-pickup-group"
          label="Pickup group"
          value={value.pickupGroup}
          onChange={(v) => set('pickupGroup', v)}
          error={err('pickupGroup')}
          hint="e.g. 1; empty for none."
          disabled={readOnly}
        />
        <SelectField
          id="voice-encryption"
          label="Encryption"
          value={value.encryption}
          options={MEDIA_ENCRYPTIONS.map((e) => ({ value: e, label: ENCRYPTION_NAMES[e] }))}
          onChange={(v) => set('encryption', v as MediaEncryption)}
          error={err('encryption')}
          disabled={readOnly}
        />
        <div className="checkbox-group">
          <CheckboxField
            id="voice-nat"
            label="Behind NAT"
            checked={value.nat}
            onChange={(v) => set('nat', v)}
            error={err('nat')}
            disabled={readOnly}
          />
          <CheckboxField
            id="voice-chanspy"
            label="Allow ChanSpy"
            checked={value.chanspy}
            onChange={(v) => set('chanspy', v)}
            error={err('chanspy')}
            hint="Supervisors may listen in."
            disabled={readOnly}
          />
          <CheckboxField
            id="voice-video"
            label="Video"
            checked={value.video}
            onChange={(v) => set('video', v)}
            error={err('video')}
            disabled={readOnly}
          />
          <CheckboxField
            id="voice-record-calls"
            label="Record calls"
            checked={value.recordCalls}
            onChange={(v) => set('recordCalls', v)}
            error={err('recordCalls')}
            disabled={readOnly}
          />
        </div>
      </div>
    </fieldset>
  );
}

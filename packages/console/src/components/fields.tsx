import type { ReactNode } from 'react';

// Labelled form controls. Every control has a <label htmlFor>, and a field error from the API is
// shown under its control and linked with aria-describedby so screen readers read it too.

interface FieldFrameProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: ReactNode;
  className?: string;
}

function describedBy(id: string, error?: string, hint?: string): string | undefined {
  const ids = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The hint under a control, or its error in the hint's place. */
function FieldMessages({
  id,
  error,
  hint,
}: {
  id: string;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  if (error) {
    return (
      <p id={`${id}-error`} className="field-error">
        {error}
      </p>
    );
  }
  return hint ? (
    <p id={`${id}-hint`} className="field-hint">
      {hint}
    </p>
  ) : null;
}

function FieldFrame({ id, label, error, hint, children, className }: FieldFrameProps) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  type?: 'text' | 'password' | 'search' | 'tel' | 'number' | 'datetime-local';
  required?: boolean;
  disabled?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'tel' | 'text';
  placeholder?: string;
  className?: string;
}

export function TextField(props: TextFieldProps) {
  const { id, label, value, onChange, error, hint, type = 'text', ...rest } = props;
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} className={rest.className}>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={rest.required}
        disabled={rest.disabled}
        autoComplete={rest.autoComplete ?? 'off'}
        inputMode={rest.inputMode}
        placeholder={rest.placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
      />
    </FieldFrame>
  );
}

interface TextAreaFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  disabled?: boolean;
  rows?: number;
}

export function TextAreaField({ id, label, value, onChange, error, disabled, rows = 3 }: TextAreaFieldProps) {
  return (
    <FieldFrame id={id} label={label} error={error}>
      <textarea
        id={id}
        name={id}
        value={value}
        rows={rows}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error)}
      />
    </FieldFrame>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps {
  id: string;
  label: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  disabled?: boolean;
  className?: string;
}

export function SelectField({
  id,
  label,
  value,
  options,
  onChange,
  error,
  hint,
  disabled,
  className,
}: SelectFieldProps) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} className={className}>
      <select
        id={id}
        name={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

interface CheckboxFieldProps {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
  hint?: string | undefined;
  disabled?: boolean;
}

export function CheckboxField({ id, label, checked, onChange, error, hint, disabled }: CheckboxFieldProps) {
  return (
    <div className={`field field-checkbox${error ? ' field-invalid' : ''}`}>
      <input
        id={id}
        name={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
      />
      <label htmlFor={id}>{label}</label>
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

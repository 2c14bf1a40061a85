/** Step 5: the first account, with every rule shown as the user types (rules live in main). */
import { useEffect } from 'react';
import { useAppStore } from '../../state/app-store-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { StepHeading } from './step-heading.js';
import { findLock, LockedNote } from '../../components/locked-note.js';

export function AccountStep() {
  const form = useAppStore((state) => state.form);
  const update = useAppStore((state) => state.updateForm);
  const check = useAppStore((state) => state.accountCheck);
  const checkAccount = useAppStore((state) => state.checkAccount);
  const goToStep = useAppStore((state) => state.goToStep);
  const startInstall = useAppStore((state) => state.startInstall);
  const error = useAppStore((state) => state.wizardError);
  const sudoLock = findLock(useAppStore((state) => state.settings?.locked), 'sudo');
  useEffect(() => {
    if (sudoLock && form.sudo !== sudoLock.value) update({ sudo: sudoLock.value as 'password' | 'nopasswd' });
  }, [sudoLock, form.sudo, update]);
  useEffect(() => {
    void checkAccount();
  }, [form.user, form.password, form.confirmation, checkAccount]);
  const userRules = check?.rules.filter((rule) => rule.id.startsWith('user-')) ?? [];
  const passwordRules = check?.rules.filter((rule) => rule.id.startsWith('password-')) ?? [];
  const userError = userRules.find((rule) => !rule.met);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!check?.ok) return;
        void startInstall();
      }}
    >
      <StepHeading>Account</StepHeading>
      <div className="field">
        <label htmlFor="account-user">User name</label>
        <input
          id="account-user"
          value={form.user}
          onChange={(event) => update({ user: event.target.value })}
          aria-invalid={Boolean(userError)}
          aria-describedby="account-user-rules"
          autoComplete="off"
        />
        {userError && (
          <p className="field-error" data-testid="user-error" aria-live="polite">
            {userError.message}
          </p>
        )}
        <RuleList id="account-user-rules" testId="user-rules" rules={userRules} />
      </div>
      <div className="field">
        <label htmlFor="account-password">Password</label>
        <input id="account-password" type="password" value={form.password} onChange={(event) => update({ password: event.target.value })} autoComplete="new-password" aria-describedby="account-password-rules" />
        <label htmlFor="account-confirmation">Confirm password</label>
        <input id="account-confirmation" type="password" value={form.confirmation} onChange={(event) => update({ confirmation: event.target.value })} autoComplete="new-password" aria-describedby="account-password-rules" />
        <RuleList id="account-password-rules" testId="password-rules" rules={passwordRules} />
      </div>
      <fieldset disabled={sudoLock !== undefined} aria-describedby={sudoLock ? 'sudo-locked' : undefined}>
        <legend>Administrator rights (sudo)</legend>
        <div className="choice">
          <input type="radio" id="sudo-password" name="sudo" checked={form.sudo === 'password'} onChange={() => update({ sudo: 'password' })} />
          <label htmlFor="sudo-password">sudo asks for this password (recommended)</label>
        </div>
        <div className="choice">
          <input type="radio" id="sudo-nopasswd" name="sudo" checked={form.sudo === 'nopasswd'} onChange={() => update({ sudo: 'nopasswd' })} />
          <label htmlFor="sudo-nopasswd">sudo without a password</label>
        </div>
        {sudoLock && <LockedNote lock={sudoLock} id="sudo-locked" />}
      </fieldset>
      {error && <ErrorNotice error={error} />}
      <div className="wizard-buttons">
        <button type="button" onClick={() => goToStep('install')}>Back</button>
        <button type="submit" className="primary" disabled={!check?.ok}>Install</button>
      </div>
    </form>
  );
}

/** The account rules as the user types: each one shown met (✓) or not yet (✗). */
function RuleList({ id, testId, rules }: { id: string; testId: string; rules: { id: string; met: boolean; text: string }[] }) {
  return (
    <ul id={id} className="rules" data-testid={testId}>
      {rules.map((rule) => (
        <li key={rule.id} className={rule.met ? 'met' : 'unmet'} data-rule={rule.id} data-met={rule.met}>
          {rule.met ? '✓' : '✗'} {rule.text}
        </li>
      ))}
    </ul>
  );
}

/**
 * Step 5: the first account, with every rule shown as the user types (rules live in main). For
 * an image that already has people's accounts (an exported distribution), keep one of them
 * (optionally with a new password) or create another, which gets the next free uid.
 */
import { useEffect } from 'react';
import { Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Select, makeStyles, tokens } from '@fluentui/react-components';
import type { AccountRuleState } from '../../../electron/contract/api.js';
import { useAppStore, useAppValues } from '../../state/app-store-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { findLock, LockedNote } from '../../components/locked-note.js';
import { BackButton, NextButton, StepForm } from './step-form.js';
import { useWizardStyles } from './wizard-styles.js';

const useStyles = makeStyles({
  rules: { listStyle: 'none', padding: 0, margin: `${tokens.spacingVerticalXXS} 0 0`, fontSize: tokens.fontSizeBase200, display: 'grid', gap: tokens.spacingVerticalXXS },
  met: { color: tokens.colorPaletteGreenForeground1 },
  unmet: { color: tokens.colorNeutralForeground2 },
});

export function AccountStep() {
  const styles = useWizardStyles();
  const { form, updateForm: update, accountCheck: check, checkAccount, wizardError: error, review } = useAppValues('form', 'updateForm', 'accountCheck', 'checkAccount', 'wizardError', 'review');
  const sudoLock = findLock(useAppStore((state) => state.settings?.locked), 'sudo');
  useEffect(() => {
    if (sudoLock && form.sudo !== sudoLock.value) update({ sudo: sudoLock.value as 'password' | 'nopasswd' });
  }, [sudoLock, form.sudo, update]);
  useEffect(() => {
    void checkAccount();
  }, [form.user, form.password, form.confirmation, checkAccount]);
  const accounts = review?.existingAccounts ?? [];
  const keeping = accounts.length > 0 && form.accountMode === 'existing';
  const userRules = check?.rules.filter((rule) => rule.id.startsWith('user-')) ?? [];
  const passwordRules = check?.rules.filter((rule) => rule.id.startsWith('password-')) ?? [];
  const userError = userRules.find((rule) => !rule.met);
  const uidTaken = accounts.find((account) => account.uid === 1000);
  // Keeping an account: a new password is optional, but when typed it must pass the password rules.
  const newPasswordTyped = form.password.length > 0 || form.confirmation.length > 0;
  return (
    <StepForm
      heading="Account"
      buttons={
        <>
          <BackButton />
          <NextButton>Install</NextButton>
        </>
      }
    >
      {accounts.length > 0 && (
        <Field label="The image already has accounts" className={styles.field}>
          <RadioGroup value={form.accountMode} onChange={(_event, data) => update({ accountMode: data.value as 'create' | 'existing', password: '', confirmation: '' })}>
            <Radio value="existing" label="Keep an account the image has and make it the default user" />
            <Radio value="create" label={`Create another account${uidTaken && review?.nextFreeUid ? ` (it gets uid ${review.nextFreeUid}: ${uidTaken.name} has 1000)` : ''}`} />
          </RadioGroup>
        </Field>
      )}
      {keeping ? (
        <>
          <Field label="Account to keep" className={styles.field} hint={review?.defaultUser ? `The image starts as ${review.defaultUser}.` : undefined}>
            <Select value={form.existingUser} onChange={(_event, data) => update({ existingUser: data.value })}>
              {accounts.map((account) => (
                <option key={account.name} value={account.name}>
                  {account.name} (uid {account.uid})
                </option>
              ))}
            </Select>
          </Field>
          <Field label="New password (optional)" className={styles.field} hint="Leave both empty to keep the account's own password.">
            <Input type="password" value={form.password} onChange={(_event, data) => update({ password: data.value })} autoComplete="new-password" />
          </Field>
          <Field label="Confirm new password" className={styles.field}>
            <Input type="password" value={form.confirmation} onChange={(_event, data) => update({ confirmation: data.value })} autoComplete="new-password" />
          </Field>
          {newPasswordTyped && <RuleList testId="password-rules" rules={passwordRules} />}
        </>
      ) : (
        <>
          <Field
            label="User name"
            className={styles.field}
            validationState={userError && form.user.length > 0 ? 'error' : 'none'}
            validationMessage={userError && form.user.length > 0 ? <span data-testid="user-error">{userError.message}</span> : undefined}
          >
            <Input value={form.user} onChange={(_event, data) => update({ user: data.value })} autoComplete="off" aria-describedby="account-user-rules" />
          </Field>
          <RuleList id="account-user-rules" testId="user-rules" rules={userRules} />
          <Field label="Password" className={styles.field}>
            <Input type="password" value={form.password} onChange={(_event, data) => update({ password: data.value })} autoComplete="new-password" aria-describedby="account-password-rules" />
          </Field>
          <Field label="Confirm password" className={styles.field}>
            <Input type="password" value={form.confirmation} onChange={(_event, data) => update({ confirmation: data.value })} autoComplete="new-password" aria-describedby="account-password-rules" />
          </Field>
          <RuleList id="account-password-rules" testId="password-rules" rules={passwordRules} />
          <Field label="Administrator rights (sudo)" className={styles.field}>
            <RadioGroup
              value={form.sudo}
              onChange={(_event, data) => update({ sudo: data.value as 'password' | 'nopasswd' })}
              disabled={sudoLock !== undefined}
              aria-describedby={sudoLock ? 'sudo-locked' : undefined}
            >
              <Radio value="password" label="sudo asks for this password (recommended)" />
              <Radio value="nopasswd" label="sudo without a password" />
            </RadioGroup>
          </Field>
          {sudoLock && <LockedNote lock={sudoLock} id="sudo-locked" />}
        </>
      )}
      {check?.warnings.map((warning) => (
        <MessageBar key={warning} intent="warning" data-testid="account-warning">
          <MessageBarBody>{warning}</MessageBarBody>
        </MessageBar>
      ))}
      {error && <ErrorNotice error={error} />}
    </StepForm>
  );
}

/** The account rules as the user types: each one shown met (✓) or not yet (✗). */
function RuleList({ id, testId, rules }: { id?: string; testId: string; rules: AccountRuleState[] }) {
  const styles = useStyles();
  return (
    <ul id={id} className={styles.rules} data-testid={testId}>
      {rules.map((rule) => (
        <li key={rule.id} className={rule.met ? styles.met : styles.unmet} data-rule={rule.id} data-met={rule.met}>
          {rule.met ? '✓' : '✗'} {rule.text}
        </li>
      ))}
    </ul>
  );
}

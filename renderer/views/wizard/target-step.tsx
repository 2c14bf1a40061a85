/**
 * Step 4: the distribution's name (checked live, with a free name offered and the official-name
 * confirmation the CLI has as --allow-official-name), where it goes and how it is registered.
 */
import { useEffect } from 'react';
import { Button, Checkbox, Field, Input, Select } from '@fluentui/react-components';
import type { InstallMethod } from '../../../electron/contract/api.js';
import { useAppStore, useAppValues } from '../../state/app-store-context.js';
import { FormattedText } from '../../components/formatted-text.js';
import { findLock, LockedNote } from '../../components/locked-note.js';
import { BackButton, NextButton, StepForm } from './step-form.js';
import { useWizardStyles } from './wizard-styles.js';

/** Wait for a pause in typing before asking main (each check lists WSL's distributions). */
const CHECK_DELAY_MS = 250;

function formatBytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

const METHOD_TEXT: Record<'from-file' | 'import', string> = {
  'from-file': 'wsl --install --from-file',
  import: 'wsl --import',
};

export function TargetStep() {
  const styles = useWizardStyles();
  const { form, updateForm: update, nameCheck: check, checkName, image, loadSettings } = useAppValues('form', 'updateForm', 'nameCheck', 'checkName', 'image', 'loadSettings');
  const locked = useAppStore((state) => state.settings?.locked);
  const methodLock = findLock(locked, 'installMethod');
  const locationLock = findLock(locked, 'installLocation');
  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);
  // Settings the policy fixes are what the install asks for, whatever was chosen before.
  useEffect(() => {
    if (methodLock && form.method !== methodLock.value) update({ method: methodLock.value as InstallMethod });
    if (locationLock && form.location !== locationLock.value) update({ location: locationLock.value });
  }, [methodLock, locationLock, form.method, form.location, update]);
  useEffect(() => {
    const timer = setTimeout(() => void checkName(), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [form.name, form.location, form.method, form.allowOfficialName, checkName]);
  const checked = check !== undefined;
  const official = check?.nameProblemKind === 'official' || (form.allowOfficialName && !check?.nameProblem);
  return (
    <StepForm
      heading="Name and location"
      buttons={
        <>
          <BackButton />
          <NextButton />
        </>
      }
    >
      <p className={styles.status}>
        Image: <span data-testid="target-image">{image?.imagePath}</span>
      </p>
      <div className={styles.row}>
        <Field
          className={styles.grow}
          label="Distribution name"
          validationState={check?.nameProblem ? 'error' : checked ? 'success' : 'none'}
          validationMessage={<span data-testid="name-message">{check?.nameProblem ?? (checked ? 'The name is free.' : 'Checking…')}</span>}
          hint={check?.nameProblem && check.nameHint ? <FormattedText text={check.nameHint} /> : undefined}
        >
          <Input value={form.name} onChange={(_event, data) => update({ name: data.value, allowOfficialName: false })} autoComplete="off" />
        </Field>
        {check?.nameProblem && check.suggestedName !== form.name && (
          <Button type="button" onClick={() => update({ name: check.suggestedName, allowOfficialName: false })}>
            Use {check.suggestedName}
          </Button>
        )}
      </div>
      {official && (
        <Checkbox
          checked={form.allowOfficialName}
          onChange={(_event, data) => update({ allowOfficialName: Boolean(data.checked) })}
          label="Use the official name anyway: this distribution and Microsoft's Azure Linux image cannot both be installed under it (the CLI's --allow-official-name)"
        />
      )}
      <Field label="Install method" className={styles.field} hint={form.method === 'auto' && check?.method ? `This machine's WSL uses ${METHOD_TEXT[check.method]}.` : undefined}>
        <Select
          value={form.method}
          onChange={(_event, data) => update({ method: data.value as InstallMethod })}
          disabled={methodLock !== undefined}
          aria-describedby={methodLock ? 'install-method-locked' : undefined}
        >
          <option value="auto">Automatic (recommended)</option>
          <option value="from-file">wsl --install --from-file (WSL 2.4.4 or later)</option>
          <option value="import">wsl --import</option>
        </Select>
      </Field>
      {methodLock && <LockedNote lock={methodLock} id="install-method-locked" />}
      <Field
        label="Location (optional)"
        className={styles.field}
        validationState={check?.locationProblem ? 'error' : 'none'}
        validationMessage={check?.locationProblem ? <span data-testid="location-message">{check.locationProblem}</span> : undefined}
        hint={
          <span data-testid="location-hint">
            {form.location ? 'The distribution\'s disk goes in this folder.' : `Empty: the disk goes in ${check?.defaultLocation ?? '…'}.`}
            {check?.freeBytes !== undefined ? ` ${formatBytes(check.freeBytes)} free on that drive.` : ''}
          </span>
        }
      >
        <Input
          value={form.location}
          placeholder={check?.defaultLocation}
          onChange={(_event, data) => update({ location: data.value })}
          autoComplete="off"
          disabled={locationLock !== undefined}
          aria-describedby={locationLock ? 'distro-location-locked' : undefined}
        />
      </Field>
      {locationLock && <LockedNote lock={locationLock} id="distro-location-locked" />}
    </StepForm>
  );
}

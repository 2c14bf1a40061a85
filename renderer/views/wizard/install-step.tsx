/** Step 4: the distribution's name (checked live), location (free space shown) and install method. */
import { useEffect } from 'react';
import { findLock, LockedNote } from '../../components/locked-note.js';
import type { InstallMethod } from '../../../electron/contract/api.js';
import { useAppStore } from '../../state/app-store-context.js';
import { StepHeading } from './step-heading.js';

/** Wait for a pause in typing before asking main (each check lists WSL's distributions). */
const CHECK_DELAY_MS = 250;

function formatBytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

export function InstallStep() {
  const form = useAppStore((state) => state.form);
  const update = useAppStore((state) => state.updateForm);
  const check = useAppStore((state) => state.nameCheck);
  const checkName = useAppStore((state) => state.checkName);
  const goToStep = useAppStore((state) => state.goToStep);
  const image = useAppStore((state) => state.image);
  const locked = useAppStore((state) => state.settings?.locked);
  const loadSettings = useAppStore((state) => state.loadSettings);
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
  }, [form.name, form.location, checkName]);
  const checked = check !== undefined;
  const canContinue = checked && !check.nameProblem && !check.locationProblem && form.name.length > 0;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (canContinue) goToStep('account');
      }}
    >
      <StepHeading>Install</StepHeading>
      <p>Image: {image?.imagePath}</p>
      <div className="field">
        <label htmlFor="distro-name">Distribution name</label>
        <input
          id="distro-name"
          value={form.name}
          onChange={(event) => update({ name: event.target.value })}
          aria-invalid={Boolean(check?.nameProblem)}
          aria-describedby="distro-name-message"
          autoComplete="off"
        />
        <p id="distro-name-message" className={check?.nameProblem ? 'field-error' : 'hint'} data-testid="name-message" aria-live="polite">
          {check?.nameProblem ?? (checked ? 'The name is free.' : 'Checking…')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="distro-location">Location (optional)</label>
        <input
          id="distro-location"
          value={form.location}
          placeholder={check?.defaultLocation}
          onChange={(event) => update({ location: event.target.value })}
          aria-describedby={locationLock ? 'distro-location-message distro-location-locked' : 'distro-location-message'}
          disabled={locationLock !== undefined}
        />
        {locationLock && <LockedNote lock={locationLock} id="distro-location-locked" />}
        <p id="distro-location-message" className={check?.locationProblem ? 'field-error' : 'hint'} data-testid="location-message" aria-live="polite">
          {check?.locationProblem ?? (check?.freeBytes !== undefined ? `${formatBytes(check.freeBytes)} free there.` : '')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="install-method">Method</label>
        <select
          id="install-method"
          value={form.method}
          onChange={(event) => update({ method: event.target.value as InstallMethod })}
          disabled={methodLock !== undefined}
          aria-describedby={methodLock ? 'install-method-locked' : undefined}
        >
          <option value="auto">Automatic{check?.method ? ` (${check.method})` : ''}</option>
          <option value="from-file">wsl --install --from-file</option>
          <option value="import">wsl --import</option>
        </select>
        {methodLock && <LockedNote lock={methodLock} id="install-method-locked" />}
      </div>
      <div className="wizard-buttons">
        <button type="button" onClick={() => goToStep(image?.manifestPath ? 'build' : 'review')}>Back</button>
        <button type="submit" className="primary" disabled={!canContinue}>Next</button>
      </div>
    </form>
  );
}

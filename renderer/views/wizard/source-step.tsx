/**
 * Step 1: what to build from: a catalog entry, a local profile file (with a choice of its images
 * or profiles, each described), or an existing image (an exported distribution, say).
 */
import { useEffect } from 'react';
import { Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Spinner } from '@fluentui/react-components';
import { useApi, useAppStore, useAppValues } from '../../state/app-store-context.js';
import { currentInspection, needsProfileChoice } from '../../state/wizard-navigation.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { FormattedText } from '../../components/formatted-text.js';
import { BrowseRow } from '../../components/browse-row.js';
import { NextButton, StepForm } from './step-form.js';
import { useWizardStyles } from './wizard-styles.js';

/** Wait for a pause in typing before asking main to read the profile file. */
const INSPECT_DELAY_MS = 300;

const CHOICE_LEGEND = { image: 'Image to build', 'kiwi-profile': 'KIWI profile to build', 'system-config': 'System configuration to build' } as const;

export function SourceStep() {
  const styles = useWizardStyles();
  const { catalog, updateForm: update, loadCatalog, reviewLoading: loading, wizardError: error, wizardNotice: notice, profileInspectionError: inspectionError, profileInspectionPath: inspectedPath, inspectProfile } =
    useAppValues('catalog', 'updateForm', 'loadCatalog', 'reviewLoading', 'wizardError', 'wizardNotice', 'profileInspectionError', 'profileInspectionPath', 'inspectProfile');
  const source = useAppStore((state) => state.form.source);
  const inspection = useAppStore(currentInspection);
  const needsChoice = useAppStore(needsProfileChoice);
  const api = useApi();
  useEffect(() => {
    if (catalog.length === 0) void loadCatalog();
  }, [catalog.length, loadCatalog]);
  const path = source.kind === 'catalog' ? '' : source.path;
  useEffect(() => {
    if (source.kind !== 'profile') return;
    const timer = setTimeout(() => void inspectProfile(), INSPECT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [source.kind, path, inspectProfile]);

  const selected = source.kind === 'catalog' ? `catalog:${source.id}` : source.kind;
  const browse = async () => {
    const result = await api.dialogs.openFile(source.kind === 'profile' ? 'profile' : 'image', path || undefined);
    if (result.ok && result.value) update({ source: source.kind === 'profile' ? { kind: 'profile', path: result.value } : { kind: 'image', path: result.value } });
  };
  return (
    <StepForm heading="Choose a source" buttons={<NextButton>{loading ? 'Reading the profile…' : 'Next'}</NextButton>}>
      <Field label="Build from" className={styles.field}>
        <RadioGroup
          value={selected}
          onChange={(_event, data) => {
            if (data.value.startsWith('catalog:')) update({ source: { kind: 'catalog', id: data.value.slice('catalog:'.length) } });
            else update({ source: data.value === 'profile' ? { kind: 'profile', path } : { kind: 'image', path } });
          }}
        >
          {catalog.map((entry) => (
            <Radio key={entry.id} value={`catalog:${entry.id}`} label={{ children: <SourceLabel label={entry.label} description={entry.description} /> }} />
          ))}
          <Radio value="profile" label={{ children: <SourceLabel label="A local profile file (images.toml, .kiwi or toolkit .json)" description="Your own or a downloaded image description; choose which of its images to build." /> }} />
          <Radio value="image" label={{ children: <SourceLabel label="An existing .wsl or .tar.gz image" description="A built or exported image (a backup of a distribution, for example), installed as it is." /> }} />
        </RadioGroup>
      </Field>
      {source.kind !== 'catalog' && (
        <BrowseRow className={styles.field} onBrowse={() => void browse()}>
          <Field
            label={source.kind === 'profile' ? 'Profile file path' : 'Image file path'}
            hint="The full path, starting with a drive letter (C:\…) or /."
            validationState={source.kind === 'profile' && inspectionError && inspectedPath === path ? 'error' : 'none'}
            validationMessage={source.kind === 'profile' && inspectionError && inspectedPath === path ? <FormattedText text={inspectionError.message} /> : undefined}
          >
            <Input value={path} onChange={(_event, data) => update({ source: source.kind === 'profile' ? { kind: 'profile', path: data.value } : { kind: 'image', path: data.value } })} autoComplete="off" />
          </Field>
        </BrowseRow>
      )}
      {source.kind === 'profile' && path.trim() !== '' && !inspection && !inspectionError && <Spinner size="tiny" label="Reading the profile file…" labelPosition="after" />}
      {source.kind === 'profile' && inspection && inspection.choices.length > 0 && (
        <Field label={CHOICE_LEGEND[inspection.selects]} required={inspection.required} className={styles.field} data-testid="profile-choices">
          <RadioGroup value={source.choice ?? ''} onChange={(_event, data) => update({ source: { kind: 'profile', path, choice: data.value } })}>
            {inspection.choices.map((choice) => (
              <Radio
                key={choice.name}
                value={choice.name}
                label={{ children: <SourceLabel label={choice.name} description={[choice.description, choice.kiwiProfile && `KIWI profile ${choice.kiwiProfile}`].filter(Boolean).join(' · ')} /> }}
              />
            ))}
          </RadioGroup>
        </Field>
      )}
      {needsChoice && (
        <p className={styles.hint} data-testid="choice-needed">
          This file defines several; choose the one to build.
        </p>
      )}
      {notice && (
        <MessageBar intent="info" role="status" data-testid="wizard-notice">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {error && <ErrorNotice error={error} />}
    </StepForm>
  );
}

/** A choice's name with its description under it (part of the radio's accessible name). */
function SourceLabel({ label, description }: { label: string; description: string }) {
  const styles = useWizardStyles();
  return (
    <>
      {label}
      {description && <span className={styles.description}>{description}</span>}
    </>
  );
}

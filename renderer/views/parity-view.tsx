/** The parity report of a catalog source, and its package list with a filter. */
import { useEffect, useState } from 'react';
import { Button, Field, Input, Select, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { useAppStore, useAppValues } from '../state/app-store-context.js';
import { ViewSection } from '../components/view-section.js';
import { ErrorNotice } from '../components/error-notice.js';
import { JobSteps } from '../components/job-steps.js';
import { ParityList } from './wizard/parity-list.js';

const useStyles = makeStyles({
  section: { maxWidth: '72rem' },
  form: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  source: { minWidth: '24rem' },
  subheading: { margin: 0 },
  packages: { columns: '14rem', listStyle: 'none', padding: 0, margin: 0, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

export function ParityView() {
  const styles = useStyles();
  const { catalog, loadCatalog, parityReview: review, parityError: error, parityLoading: loading, loadParity } = useAppValues('catalog', 'loadCatalog', 'parityReview', 'parityError', 'parityLoading', 'loadParity');
  const job = useAppStore((state) => (state.parityJobId ? state.jobs[state.parityJobId] : undefined));
  const [selected, setSelected] = useState('azl4-marketplace-gen2');
  const [filter, setFilter] = useState('');
  useEffect(() => {
    if (catalog.length === 0) void loadCatalog();
  }, [catalog.length, loadCatalog]);
  const packages = review?.packages.filter((name) => name.toLowerCase().includes(filter.toLowerCase())) ?? [];
  return (
    <ViewSection id="parity" title="Parity with the cloud image" className={styles.section}>
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          void loadParity(selected);
        }}
      >
        <Field label="Source" className={styles.source}>
          <Select value={selected} onChange={(_event, data) => setSelected(data.value)}>
            {catalog.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.label}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" appearance="primary" disabled={loading}>
          {loading ? 'Reading…' : 'Show report'}
        </Button>
      </form>
      {loading && job && <JobSteps job={job} />}
      {error && <ErrorNotice error={error} />}
      {review && (
        <>
          <p>
            {review.profileName} ({review.imageType}): {review.transformed ? `${review.parity.length} differences from the cloud image.` : 'builds unchanged.'}
          </p>
          <ParityList items={review.parity} arch={review.arch} />
          <Title3 as="h2" className={styles.subheading}>
            Packages requested ({review.packages.length})
          </Title3>
          <Field label="Filter packages">
            <Input type="search" value={filter} onChange={(_event, data) => setFilter(data.value)} />
          </Field>
          <ul className={styles.packages} data-testid="package-list">
            {packages.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        </>
      )}
    </ViewSection>
  );
}

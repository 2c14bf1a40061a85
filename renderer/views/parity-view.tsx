/** The parity report of a catalog source, and its package list with a filter. */
import { useEffect, useState } from 'react';
import { useAppStore } from '../state/app-store-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { JobSteps } from '../components/job-steps.js';
import { ParityList } from './wizard/parity-list.js';

export function ParityView() {
  const catalog = useAppStore((state) => state.catalog);
  const loadCatalog = useAppStore((state) => state.loadCatalog);
  const review = useAppStore((state) => state.parityReview);
  const error = useAppStore((state) => state.parityError);
  const loading = useAppStore((state) => state.parityLoading);
  const loadParity = useAppStore((state) => state.loadParity);
  const job = useAppStore((state) => (state.parityJobId ? state.jobs[state.parityJobId] : undefined));
  const [selected, setSelected] = useState('azl4-marketplace-gen2');
  const [filter, setFilter] = useState('');
  useEffect(() => {
    if (catalog.length === 0) void loadCatalog();
  }, [catalog.length, loadCatalog]);
  const packages = review?.packages.filter((name) => name.toLowerCase().includes(filter.toLowerCase())) ?? [];
  return (
    <section aria-labelledby="parity-heading">
      <h1 id="parity-heading">Parity with the cloud image</h1>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void loadParity(selected);
        }}
      >
        <label htmlFor="parity-source">Source</label>
        <select id="parity-source" value={selected} onChange={(event) => setSelected(event.target.value)}>
          {catalog.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
        <button type="submit" disabled={loading}>{loading ? 'Reading…' : 'Show report'}</button>
      </form>
      {loading && job && <JobSteps job={job} />}
      {error && <ErrorNotice error={error} />}
      {review && (
        <>
          <p>
            {review.profileName} ({review.imageType}): {review.transformed ? `${review.parity.length} differences from the cloud image.` : 'builds unchanged.'}
          </p>
          <ParityList items={review.parity} />
          <h2>Packages ({review.packages.length})</h2>
          <label htmlFor="package-filter">Filter packages</label>
          <input id="package-filter" type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
          <ul className="package-list" data-testid="package-list">
            {packages.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

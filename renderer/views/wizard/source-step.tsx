/** Step 1: what to build from (catalog, a local profile, or an existing image). */
import { useEffect } from 'react';
import { useAppStore } from '../../state/app-store-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { StepHeading } from './step-heading.js';

export function SourceStep() {
  const catalog = useAppStore((state) => state.catalog);
  const source = useAppStore((state) => state.form.source);
  const update = useAppStore((state) => state.updateForm);
  const loadCatalog = useAppStore((state) => state.loadCatalog);
  const startReview = useAppStore((state) => state.startReview);
  const loading = useAppStore((state) => state.reviewLoading);
  const error = useAppStore((state) => state.wizardError);
  const notice = useAppStore((state) => state.wizardNotice);
  useEffect(() => {
    if (catalog.length === 0) void loadCatalog();
  }, [catalog.length, loadCatalog]);
  const path = source.kind === 'catalog' ? '' : source.path;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void startReview();
      }}
    >
      <StepHeading>Choose a source</StepHeading>
      <fieldset>
        <legend>Build from</legend>
        {catalog.map((entry) => (
          <div key={entry.id} className="choice">
            <input
              type="radio"
              id={`source-${entry.id}`}
              name="source"
              checked={source.kind === 'catalog' && source.id === entry.id}
              onChange={() => update({ source: { kind: 'catalog', id: entry.id } })}
            />
            <label htmlFor={`source-${entry.id}`}>
              {entry.label}
              <span className="hint">{entry.description}</span>
            </label>
          </div>
        ))}
        <div className="choice">
          <input type="radio" id="source-profile" name="source" checked={source.kind === 'profile'} onChange={() => update({ source: { kind: 'profile', path } })} />
          <label htmlFor="source-profile">A local profile file (images.toml, .kiwi or toolkit .json)</label>
        </div>
        <div className="choice">
          <input type="radio" id="source-image" name="source" checked={source.kind === 'image'} onChange={() => update({ source: { kind: 'image', path } })} />
          <label htmlFor="source-image">An existing .wsl or .tar.gz image</label>
        </div>
        {source.kind !== 'catalog' && (
          <div className="field">
            <label htmlFor="source-path">{source.kind === 'profile' ? 'Profile file path' : 'Image file path'}</label>
            <input id="source-path" value={path} onChange={(event) => update({ source: { kind: source.kind, path: event.target.value } })} required />
          </div>
        )}
      </fieldset>
      {notice && (
        <p role="status" data-testid="wizard-notice">
          {notice}
        </p>
      )}
      {error && <ErrorNotice error={error} />}
      <div className="wizard-buttons">
        <button type="submit" className="primary" disabled={loading}>
          {loading ? 'Reading the profile…' : 'Next'}
        </button>
      </div>
    </form>
  );
}

/**
 * The new-distro wizard: what the user entered (kept when going back) and the results main
 * returned (review, jobs). Validation itself happens in main; this only caches its answers.
 */
import type { AccountCheck, ApiError, BuildReview, BuildSource, BuiltImage, CatalogEntry, InstallMethod, JobInfo, NameCheck } from '../../electron/contract/api.js';
import type { SliceCreator } from './store.js';

export const WIZARD_STEPS = ['source', 'review', 'build', 'install', 'account', 'done'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export type SourceChoice = { kind: 'catalog'; id: string } | { kind: 'profile'; path: string } | { kind: 'image'; path: string };

export interface WizardForm {
  source: SourceChoice;
  name: string;
  location: string;
  method: InstallMethod;
  user: string;
  password: string;
  confirmation: string;
  sudo: 'password' | 'nopasswd';
}

export interface WizardSlice {
  wizardStep: WizardStep;
  form: WizardForm;
  catalog: CatalogEntry[];
  review?: BuildReview;
  /** The source the review (kept or running) is for: Next with the same source reuses it. */
  reviewSource?: BuildSource;
  reviewJobId?: string;
  /** True while main is asked to start the review job (the button waits for its answer). */
  reviewLoading: boolean;
  wizardError?: ApiError;
  /** A plain sentence for the source step (e.g. that the review was cancelled). */
  wizardNotice?: string;
  buildJobId?: string;
  image?: BuiltImage;
  nameCheck?: NameCheck;
  accountCheck?: AccountCheck;
  installJobId?: string;
  loadCatalog(): Promise<void>;
  updateForm(update: Partial<WizardForm>): void;
  goToStep(step: WizardStep): void;
  /** Starts the review job and shows the Review step, or shows the review kept for this source. */
  startReview(): Promise<void>;
  cancelReview(): Promise<void>;
  /** Called for every finished job: takes the review job's result (or its cancel) into the wizard. */
  reviewJobFinished(job: JobInfo): void;
  startBuild(): Promise<void>;
  checkName(): Promise<void>;
  checkAccount(): Promise<void>;
  startInstall(): Promise<void>;
  /** Called when a build job finishes: keeps its image for the install step. */
  buildFinished(image: BuiltImage): void;
  resetWizard(): void;
  /** "New distribution…": the wizard as it was, or a fresh one when the last run installed its distribution. */
  newDistribution(): void;
}

function toSource(choice: SourceChoice): BuildSource {
  return choice;
}

function sameSource(a: BuildSource | undefined, b: BuildSource): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** Shown on the source step after a cancelled review. */
export const REVIEW_CANCELLED_NOTICE = 'The review was cancelled; nothing was built. Choose Next to read the profile again.';

const EMPTY_FORM: WizardForm = {
  source: { kind: 'catalog', id: 'azl4-wsl' },
  name: 'AzureLinux-4-Dev',
  location: '',
  method: 'auto',
  user: '',
  password: '',
  confirmation: '',
  sudo: 'password',
};

export const createWizardSlice: SliceCreator<WizardSlice> = (set, get, api) => ({
  wizardStep: 'source',
  form: EMPTY_FORM,
  catalog: [],
  reviewLoading: false,
  async loadCatalog() {
    const [catalog, settings] = await Promise.all([api.builds.catalog(), get().loadSettings()]);
    if (catalog.ok) set({ catalog: catalog.value });
    if (settings?.suggestedUserName && get().form.user === '') {
      set((state) => ({ form: { ...state.form, user: settings.suggestedUserName! } }));
    }
  },
  updateForm: (update) => set((state) => ({ form: { ...state.form, ...update } })),
  goToStep: (step) => set({ wizardStep: step, wizardError: undefined, wizardNotice: undefined }),
  async startReview() {
    const source = toSource(get().form.source);
    const { review, reviewSource, reviewJobId, jobs } = get();
    const running = reviewJobId ? jobs[reviewJobId]?.state === 'running' : false;
    if (sameSource(reviewSource, source) && (review || running)) {
      set({ wizardStep: 'review', wizardError: undefined, wizardNotice: undefined });
      return;
    }
    set({ reviewLoading: true, review: undefined, reviewSource: undefined, reviewJobId: undefined, wizardError: undefined, wizardNotice: undefined });
    const result = await api.builds.startReview(source);
    if (!result.ok) {
      set({ reviewLoading: false, wizardError: result.error });
      return;
    }
    const job = result.value;
    // The job's final update may have arrived before this answer: never overwrite it with the first snapshot.
    if (!get().jobs[job.id]) get().applyJobUpdate(job);
    set({ reviewLoading: false, reviewJobId: job.id, reviewSource: source, wizardStep: 'review' });
    const known = get().jobs[job.id]!;
    if (known.state !== 'running') get().reviewJobFinished(known);
  },
  async cancelReview() {
    const id = get().reviewJobId;
    if (id) await get().cancelJob(id);
  },
  reviewJobFinished(job) {
    if (job.kind !== 'review' || job.id !== get().reviewJobId) return;
    if (job.state === 'succeeded' && job.review) set({ review: job.review });
    else if (job.state === 'cancelled') {
      set({ reviewJobId: undefined, reviewSource: undefined, wizardStep: 'source', wizardNotice: REVIEW_CANCELLED_NOTICE });
    }
    // A failed review stays on the Review step, which shows the job's error.
  },
  async startBuild() {
    const review = get().review;
    if (review?.prebuiltImage) {
      // An existing image skips the build: it is installed as it is.
      set({ image: { imagePath: review.prebuiltImage, manifestPath: '', bytes: 0, sha256: '', packageCount: 0, warnings: 0 }, buildJobId: undefined, wizardStep: 'install' });
      return;
    }
    set({ wizardError: undefined, image: undefined });
    const result = await api.builds.start(toSource(get().form.source));
    if (!result.ok) {
      set({ wizardError: result.error });
      return;
    }
    get().applyJobUpdate(result.value);
    set({ buildJobId: result.value.id });
  },
  async checkName() {
    const { name, location } = get().form;
    const result = await api.install.checkName(name, location || undefined);
    if (result.ok) set({ nameCheck: result.value });
  },
  async checkAccount() {
    const { user, password, confirmation } = get().form;
    const result = await api.install.checkAccount({ user, password, confirmation });
    if (result.ok) set({ accountCheck: result.value });
  },
  async startInstall() {
    const { form, image } = get();
    if (!image) return;
    set({ wizardError: undefined });
    const result = await api.install.start({
      image: image.imagePath,
      manifestPath: image.manifestPath || undefined,
      name: form.name,
      location: form.location || undefined,
      method: form.method,
      account: { user: form.user, password: form.password, sudo: form.sudo },
    });
    if (!result.ok) {
      set({ wizardError: result.error });
      return;
    }
    get().applyJobUpdate(result.value);
    set({ installJobId: result.value.id, wizardStep: 'done' });
  },
  buildFinished: (image) => set({ image }),
  resetWizard: () =>
    set((state) => ({
      wizardStep: 'source',
      form: { ...EMPTY_FORM, user: state.form.user },
      review: undefined,
      reviewSource: undefined,
      reviewJobId: undefined,
      buildJobId: undefined,
      image: undefined,
      installJobId: undefined,
      nameCheck: undefined,
      accountCheck: undefined,
      wizardError: undefined,
      wizardNotice: undefined,
    })),
  newDistribution: () => {
    const { installJobId, jobs } = get();
    const install = installJobId ? jobs[installJobId] : undefined;
    if (install?.state === 'succeeded') get().resetWizard();
    get().showView('wizard');
  },
});

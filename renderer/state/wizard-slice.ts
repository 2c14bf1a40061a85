/**
 * The new-distro wizard: what the user entered (kept when going back) and the results main
 * returned (review, jobs). Validation itself happens in main; this only caches its answers.
 */
import type {
  AccountCheck, AccountInput, ApiError, BuildReview, BuildSource, BuiltImage, CatalogEntry, ExistingAccountInput, InstallMethod, InstallRequest, JobInfo, NameCheck, ProfileInspection,
} from '../../electron/contract/api.js';
import type { SliceCreator } from './store.js';
import { nextStep, previousStep } from './wizard-navigation.js';

/** The steps, in order; each label says what the step does (the install runs in the last one). */
export const WIZARD_STEPS = ['source', 'review', 'build', 'target', 'account', 'install'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export const STEP_LABELS: Record<WizardStep, string> = {
  source: 'Source',
  review: 'Review',
  build: 'Build',
  target: 'Name and location',
  account: 'Account',
  install: 'Install',
};

/** A profile source remembers which image or profile of the file was chosen. */
export type SourceChoice = { kind: 'catalog'; id: string } | { kind: 'profile'; path: string; choice?: string } | { kind: 'image'; path: string };

export interface WizardForm {
  source: SourceChoice;
  name: string;
  /** The user confirmed one of the names Microsoft's official image uses. */
  allowOfficialName: boolean;
  location: string;
  method: InstallMethod;
  /** For an image that has people's accounts already: keep one, or create another. */
  accountMode: 'create' | 'existing';
  existingUser: string;
  user: string;
  password: string;
  confirmation: string;
  sudo: 'password' | 'nopasswd';
}

export interface WizardSlice {
  wizardStep: WizardStep;
  form: WizardForm;
  catalog: CatalogEntry[];
  /** What the chosen profile file offers (its images or profiles), for the path it was read from. */
  profileInspection?: ProfileInspection;
  profileInspectionError?: ApiError;
  profileInspectionPath?: string;
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
  /** Next (or Enter): does the current step's work that leads on (start the review, the build, the install) or moves on; nothing while `nextStep` says it cannot. */
  goNext(): Promise<void>;
  /** Back, where `previousStep` allows it. */
  goBack(): void;
  /** Asks main what the chosen profile file offers (debounced by the step as the user types). */
  inspectProfile(): Promise<void>;
  /** Starts the review job and shows the Review step, or shows the review kept for this source. */
  startReview(): Promise<void>;
  cancelReview(): Promise<void>;
  /** The wizard's part of the job-finished hook: its review's result (or cancel), its build's image, its install's end. */
  wizardJobFinished(job: JobInfo): void;
  /** Starts a build of the reviewed source (Build on the Review step, Build again). */
  startBuild(): Promise<void>;
  checkName(): Promise<void>;
  checkAccount(): Promise<void>;
  startInstall(): Promise<void>;
  resetWizard(): void;
  /** "New distribution…": the wizard as it was, or a fresh one when the last run installed its distribution. */
  newDistribution(): void;
}

/** The engine's source for a form choice: a profile's choice goes where the file's kind needs it. */
export function toSource(choice: SourceChoice, inspection?: ProfileInspection): BuildSource {
  if (choice.kind !== 'profile') return choice;
  const source: BuildSource = { kind: 'profile', path: choice.path };
  if (choice.choice === undefined || inspection?.profilePath === undefined) return source;
  return inspection.selects === 'kiwi-profile' ? { ...source, kiwiProfile: choice.choice } : { ...source, image: choice.choice };
}

function sameSource(a: BuildSource | undefined, b: BuildSource): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** Shown on the source step after a cancelled review. */
export const REVIEW_CANCELLED_NOTICE = 'The review was cancelled; nothing was built. Choose Next to read the profile again.';

/** A fresh wizard's form (the user name is suggested from the OS user once settings arrive). */
export const EMPTY_FORM: WizardForm = {
  source: { kind: 'catalog', id: 'azl4-wsl' },
  name: 'AzureLinux-4-Dev',
  allowOfficialName: false,
  location: '',
  method: 'auto',
  accountMode: 'create',
  existingUser: '',
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
  async goNext() {
    const next = nextStep(get());
    if (next === undefined) return;
    const step = get().wizardStep;
    if (step === 'source') return get().startReview();
    if (step === 'account') return get().startInstall();
    if (step === 'review' && next === 'target') {
      // An existing image skips the build: it is installed as it is.
      const imagePath = get().review!.prebuiltImage!;
      set({ image: { imagePath, manifestPath: '', bytes: 0, sha256: '', packageCount: 0, warnings: 0 }, buildJobId: undefined });
    }
    get().goToStep(next);
    if (step === 'review' && next === 'build') await get().startBuild();
  },
  goBack() {
    const previous = previousStep(get());
    if (previous !== undefined) get().goToStep(previous);
  },
  async inspectProfile() {
    const source = get().form.source;
    if (source.kind !== 'profile' || source.path.trim() === '') {
      set({ profileInspection: undefined, profileInspectionError: undefined, profileInspectionPath: undefined });
      return;
    }
    const path = source.path;
    const result = await api.builds.inspectProfile(path);
    // The user may have typed on meanwhile: keep only the answer for the current path.
    const current = get().form.source;
    if (current.kind !== 'profile' || current.path !== path) return;
    if (!result.ok) {
      set({ profileInspection: undefined, profileInspectionError: result.error, profileInspectionPath: path });
      return;
    }
    const inspection = result.value;
    const names = inspection.choices.map((choice) => choice.name);
    // Keep a choice the file still offers; preselect the only one; else the user picks.
    const choice = current.choice !== undefined && names.includes(current.choice) ? current.choice : names.length === 1 ? names[0] : undefined;
    set((state) => ({ profileInspection: inspection, profileInspectionError: undefined, profileInspectionPath: path, form: { ...state.form, source: { kind: 'profile', path, choice } } }));
  },
  async startReview() {
    const source = toSource(get().form.source, get().profileInspection);
    const { review, reviewSource, reviewJobId, jobs } = get();
    const running = reviewJobId ? jobs[reviewJobId]?.state === 'running' : false;
    if (sameSource(reviewSource, source) && (review || running)) {
      set({ wizardStep: 'review', wizardError: undefined, wizardNotice: undefined });
      return;
    }
    set({ reviewLoading: true, review: undefined, reviewSource: undefined, reviewJobId: undefined, wizardError: undefined, wizardNotice: undefined });
    const result = get().adoptJob(await api.builds.startReview(source), (id) => set({ reviewLoading: false, reviewJobId: id, reviewSource: source, wizardStep: 'review' }));
    if (!result.ok) set({ reviewLoading: false, wizardError: result.error });
  },
  async cancelReview() {
    const id = get().reviewJobId;
    if (id) await get().cancelJob(id);
  },
  wizardJobFinished(job) {
    const { reviewJobId, buildJobId, installJobId } = get();
    if (job.id === buildJobId && job.state === 'succeeded' && job.image) set({ image: job.image });
    // The password has done its job; do not keep it in the page once the account exists.
    if (job.id === installJobId && job.state === 'succeeded') set((state) => ({ form: { ...state.form, password: '', confirmation: '' } }));
    if (job.id !== reviewJobId) return;
    if (job.state === 'succeeded' && job.review) {
      const review = job.review;
      const accounts = review.existingAccounts ?? [];
      // An exported distribution: keeping its own default user (or its first person) is the usual wish.
      const keep = accounts.find((account) => account.name === review.defaultUser) ?? accounts[0];
      set((state) => ({
        review,
        form: keep ? { ...state.form, accountMode: 'existing', existingUser: keep.name } : { ...state.form, accountMode: 'create', existingUser: '' },
      }));
    } else if (job.state === 'cancelled') {
      set({ reviewJobId: undefined, reviewSource: undefined, wizardStep: 'source', wizardNotice: REVIEW_CANCELLED_NOTICE });
    }
    // A failed review stays on the Review step, which shows the job's error.
  },
  async startBuild() {
    set({ wizardError: undefined, image: undefined });
    const source = toSource(get().form.source, get().profileInspection);
    // The reviewed plan is what gets built: main refuses it if the profile or its repositories changed since.
    const { review, reviewSource } = get();
    const reviewed = review?.digest !== undefined && JSON.stringify(reviewSource) === JSON.stringify(source) ? { reviewDigest: review.digest } : undefined;
    const result = get().adoptJob(await api.builds.start(source, reviewed), (id) => set({ buildJobId: id }));
    if (!result.ok) set({ wizardError: result.error });
  },
  async checkName() {
    const { name, location, method, allowOfficialName } = get().form;
    const result = await api.install.checkName({ name, method, allowOfficialName, ...(location ? { location } : {}) });
    if (result.ok) set({ nameCheck: result.value });
  },
  async checkAccount() {
    const { user, password, confirmation } = get().form;
    const existingUsers = get().review?.existingAccounts?.map((account) => account.name);
    const result = await api.install.checkAccount({ user, password, confirmation, ...(existingUsers?.length ? { existingUsers } : {}) });
    if (result.ok) set({ accountCheck: result.value });
  },
  async startInstall() {
    const { form, image, review } = get();
    if (!image) return;
    set({ wizardError: undefined });
    const accounts = review?.existingAccounts ?? [];
    const keep = form.accountMode === 'existing' && accounts.length > 0;
    // A new account next to an exported one takes the next free uid (1000 is taken).
    const uid = accounts.some((account) => account.uid === 1000) ? review?.nextFreeUid : undefined;
    const account: AccountInput | undefined = keep ? undefined : { user: form.user, password: form.password, sudo: form.sudo, ...(uid !== undefined ? { uid } : {}) };
    const existingAccount: ExistingAccountInput | undefined = keep ? { user: form.existingUser, ...(form.password ? { password: form.password } : {}) } : undefined;
    const request: InstallRequest = {
      image: image.imagePath,
      manifestPath: image.manifestPath || undefined,
      name: form.name,
      location: form.location || undefined,
      method: form.method,
      ...(account ? { account } : {}),
      ...(existingAccount ? { existingAccount } : {}),
      ...(form.allowOfficialName ? { allowOfficialName: true } : {}),
    };
    const result = get().adoptJob(await api.install.start(request), (id) => set({ installJobId: id, wizardStep: 'install' }));
    if (!result.ok) set({ wizardError: result.error });
  },
  resetWizard: () =>
    set((state) => ({
      wizardStep: 'source',
      form: { ...EMPTY_FORM, user: state.form.user },
      profileInspection: undefined,
      profileInspectionError: undefined,
      profileInspectionPath: undefined,
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

/**
 * The executor request, built in one place for every caller (the CLI's plan and build, the app's
 * review and build, the builder's job runner), and the check that a build asks for what its
 * review resolved.
 */
import { resolve } from 'node:path';
import { AzlError } from '../../common/errors.js';
import type { BuildChoices, BuildRequest, ResolveRequest, ReviewedBuild } from './build-executor.js';

/** Where the engine keeps its caches and how it reaches the network: not part of what is reviewed. */
export type RequestPlace = Pick<ResolveRequest, 'cacheDir' | 'network'>;

/** What a build writes. */
export type BuildOutput = Pick<BuildRequest, 'outDir' | 'outName' | 'format' | 'sourceDateEpoch' | 'verifyReproducible'>;

/** The choices, normalised: the profile as a full path, no repositories given as none. */
function normalisedChoices(choices: BuildChoices): BuildChoices {
  return {
    profilePath: resolve(choices.profilePath),
    image: choices.image,
    kiwiProfile: choices.kiwiProfile,
    arch: choices.arch,
    repo: [...choices.repo],
    setRepo: [...choices.setRepo],
    gpgCheck: choices.gpgCheck,
  };
}

/** A review's request. */
export function resolveRequest(choices: BuildChoices, place: RequestPlace = {}): ResolveRequest {
  return { ...normalisedChoices(choices), cacheDir: place.cacheDir, network: place.network };
}

/** A build's request; with `reviewed`, a build of that review (checked against the choices here first). */
export function buildRequest(choices: BuildChoices, place: RequestPlace, output: BuildOutput, reviewed?: ReviewedBuild): BuildRequest {
  const request: BuildRequest = { ...resolveRequest(choices, place), ...output, ...(reviewed ? { reviewed } : {}) };
  checkReviewedChoices(request);
  return request;
}

/** The choices of a request (what a review stores to compare a later build with). */
export function choicesOf(request: ResolveRequest): BuildChoices {
  return normalisedChoices(request);
}

/** How each choice is named to a user. */
const CHOICE_NAMES: Record<keyof BuildChoices, string> = {
  profilePath: 'the profile',
  image: 'the image (--image)',
  kiwiProfile: 'the KIWI profile (--kiwi-profile)',
  arch: 'the architecture (--arch)',
  repo: 'the added repositories (--repo)',
  setRepo: 'the repositories (--set-repo)',
  gpgCheck: 'signature checking (--no-gpgcheck)',
};

/** Refuses a build whose choices are not the ones its review resolved. */
export function checkReviewedChoices(request: BuildRequest): void {
  const reviewed = request.reviewed?.choices;
  if (!reviewed) return;
  const asked = normalisedChoices(request);
  const was = normalisedChoices(reviewed);
  const differing = (Object.keys(CHOICE_NAMES) as Array<keyof BuildChoices>).filter((key) => JSON.stringify(asked[key]) !== JSON.stringify(was[key]));
  if (differing.length === 0) return;
  throw new AzlError('REVIEW_OUTDATED', `This build asks for something other than its review: ${differing.map((key) => CHOICE_NAMES[key]).join(', ')} ${differing.length === 1 ? 'differs' : 'differ'}.`, {
    hint: 'Build with the choices the review was made with, or review these choices first.',
    detail: differing.map((key) => `${key}: reviewed ${JSON.stringify(was[key])}, asked ${JSON.stringify(asked[key])}`).join('\n'),
  });
}

/**
 * What reproducibility checks and SBOMs cost, against a plain build of the 4.0 `wsl` sample in
 * the same run (issue 14):
 *   plain cold  = buildImage with fresh dnf and root caches (the baseline);
 *   plain warm  = the same build again (caches reused);
 *   verify      = buildImage with verifyReproducible after a warm build: the second, fresh build
 *                 and the comparison, as `build --verify-reproducible` runs it;
 *   SBOM share  = the build's own `sbom` step (CycloneDX document) plus the work done only for
 *                 the SBOM (the os-release read; licences ride on the build's one rpm query), over the
 *                 whole build, cold and warm (goal ≤ 2 %). Reading the repositories' primary.xml
 *                 is counted separately: the build needs it for its SOURCE_DATE_EPOCH anyway.
 * And at the scale of Azure Linux's real repositories, whatever the fixture: primary.xml with
 * 20 000 packages parsed, and an SBOM of 500 packages made and serialized.
 * Run as root: `node --import tsx bench/trust-benchmark.ts [--rounds N]`.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildImage, type BuildOptions } from '../rootfs/build/build-image.js';
import { applyRepositoryOverrides } from '../rootfs/plan/repository-overrides.js';
import { readProfile } from '../rootfs/profile/read-profile.js';
import { parsePrimary, readRepositoryIndex } from '../rootfs/repository/primary-packages.js';
import { createSbom, serializeSbom } from '../rootfs/sbom/cyclonedx-sbom.js';
import { readDistroIdentity } from '../rootfs/sbom/distro-identity.js';
import type { SbomPackage } from '../rootfs/sbom/sbom-package.js';
import { runChecked } from '../common/run-program.js';
import type { ProgressEvent } from '../common/progress.js';
import { ensureFixtureRepos } from '../test/fixtures/fixture-repos.js';

const GOAL_SBOM_SHARE = 0.02;
/** Packages in Azure Linux 4.0's base repository are in the tens of thousands once all arches and versions count. */
const SCALE_REPOSITORY_PACKAGES = 20_000;
/** A full Azure Linux image has a few hundred packages. */
const SCALE_IMAGE_PACKAGES = 500;

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

function stepSeconds(events: readonly ProgressEvent[], step: string): number {
  return events.filter((event) => event.kind === 'step-done' && event.step === step).reduce((sum, event) => sum + (event.kind === 'step-done' ? event.elapsedMs : 0), 0) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * The SBOM-only work a build does besides its `sbom` step, measured on the finished image's root:
 * reading os-release (the licences and the rest ride on the build's one `rpm -qa`).
 */
async function sbomQueries(image: string, work: string): Promise<number> {
  const root = join(work, 'extracted');
  await mkdir(root, { recursive: true });
  await runChecked('tar', ['-xzf', image, '-C', root, './etc', './usr/lib']);
  const { seconds } = await timed(() => readDistroIdentity(root, { id: 'azurelinux' }));
  await rm(root, { recursive: true, force: true });
  return seconds;
}

/** Synthetic primary.xml with `count` packages, shaped like createrepo_c's. */
function syntheticPrimary(count: number): string {
  const packages: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const name = `package-${index}`;
    packages.push(`<package type="rpm">
  <name>${name}</name>
  <arch>x86_64</arch>
  <version epoch="0" ver="1.${index % 97}.${index % 13}" rel="${index % 7}.azl4"/>
  <checksum type="sha256" pkgid="YES">${index.toString(16).padStart(64, '0')}</checksum>
  <summary>Synthetic package ${index}</summary>
  <description>A package that stands in for one of Azure Linux's, with a description of ordinary length to make the file the size of a real one.</description>
  <packager>Microsoft</packager>
  <url>https://example.invalid/${name}</url>
  <time file="1796238600" build="${1796000000 + index}"/>
  <size package="123456" installed="456789" archive="460000"/>
  <location href="Packages/p/${name}-1.0-1.azl4.x86_64.rpm"/>
  <format>
    <rpm:license>MIT AND (GPL-2.0-or-later OR Apache-2.0)</rpm:license>
    <rpm:vendor>Microsoft Corporation</rpm:vendor>
    <rpm:group>Unspecified</rpm:group>
    <rpm:buildhost>azl-builder</rpm:buildhost>
    <rpm:sourcerpm>${name}-1.0-1.azl4.src.rpm</rpm:sourcerpm>
    <rpm:header-range start="4504" end="16457"/>
    <rpm:provides><rpm:entry name="${name}" flags="EQ" epoch="0" ver="1.0" rel="1.azl4"/><rpm:entry name="lib${name}.so.1()(64bit)"/></rpm:provides>
    <rpm:requires><rpm:entry name="glibc"/><rpm:entry name="libc.so.6()(64bit)"/><rpm:entry name="rtld(GNU_HASH)"/></rpm:requires>
    <file>/usr/bin/${name}</file>
  </format>
</package>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${count}">\n${packages.join('\n')}\n</metadata>\n`;
}

async function main(): Promise<void> {
  const roundsIndex = process.argv.indexOf('--rounds');
  const rounds = roundsIndex > 0 ? Number(process.argv[roundsIndex + 1]) : 3;
  const repos = await ensureFixtureRepos();
  const profilePath = fileURLToPath(new URL('../rootfs/samples/azl4/images.toml', import.meta.url));
  const plan = applyRepositoryOverrides(await readProfile({ profilePath, image: 'wsl' }), { set: [`file://${repos.azl4},gpgkey=file://${repos.gpgKey}`], add: [] });
  const rows: Array<{ cold: number; warm: number; verify: number; sbomCold: number; sbomWarm: number; index: number }> = [];
  for (let round = 0; round < rounds; round += 1) {
    const work = await mkdtemp(join(tmpdir(), 'azl-trust-bench-'));
    try {
      const options = (out: string, events: ProgressEvent[]): BuildOptions => ({
        plan,
        outDir: join(work, out),
        format: 'wsl',
        gpgCheck: true,
        cacheDir: join(work, 'cache'),
        profileSource: { path: profilePath, sha256: '0'.repeat(64) },
        onProgress: (event) => events.push(event),
      });
      const coldEvents: ProgressEvent[] = [];
      const cold = await timed(() => buildImage(options('cold', coldEvents)));
      const warmEvents: ProgressEvent[] = [];
      const warm = await timed(() => buildImage(options('warm', warmEvents)));
      const verify = await timed(() => buildImage({ ...options('verify', []), verifyReproducible: true }));
      const queries = await sbomQueries(cold.value.imagePath, work);
      const index = await timed(() => readRepositoryIndex(plan.repositories));
      rows.push({
        cold: cold.seconds,
        warm: warm.seconds,
        verify: verify.seconds,
        sbomCold: stepSeconds(coldEvents, 'sbom') + queries,
        sbomWarm: stepSeconds(warmEvents, 'sbom') + queries,
        index: index.seconds,
      });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  const primary = syntheticPrimary(SCALE_REPOSITORY_PACKAGES);
  const parsed = await timed(async () => parsePrimary(primary));
  const packages: SbomPackage[] = parsed.value.slice(0, SCALE_IMAGE_PACKAGES).map((pkg) => ({
    name: pkg.name,
    epoch: null,
    version: pkg.version,
    release: pkg.release,
    arch: pkg.arch,
    license: pkg.license,
    summary: `Synthetic package ${pkg.name}`,
    vendor: 'Microsoft Corporation',
    sha256: pkg.sha256,
    repository: { alias: 'base', url: 'https://packages.microsoft.com/azurelinux/4.0/prod/base/x86_64' },
    downloadUrl: `https://packages.microsoft.com/azurelinux/4.0/prod/base/x86_64/${pkg.location}`,
  }));
  const sbom = await timed(async () =>
    serializeSbom(
      createSbom({
        subject: { name: 'AzureLinux-4-x86_64', version: '4.0', sha256: 'a'.repeat(64), file: 'AzureLinux-4-x86_64.wsl' },
        distro: { id: 'azurelinux', versionId: '4.0' },
        packages,
        descriptionFiles: Array.from({ length: 40 }, (_, index) => ({ path: `components/file-${index}.xml`, sha256: 'b'.repeat(64) })),
        tool: { name: 'azl-wsl', version: '0.1.0' },
        timestamp: 1_796_000_000,
        phase: 'build',
      }),
    ),
  );

  const m = (pick: (row: (typeof rows)[number]) => number): number => median(rows.map(pick));
  const cold = m((row) => row.cold);
  const warm = m((row) => row.warm);
  const verify = m((row) => row.verify);
  const sbomCold = m((row) => row.sbomCold);
  const sbomWarm = m((row) => row.sbomWarm);
  console.log(`| measure (median of ${rounds}) | seconds | ratio |`);
  console.log('| --- | --- | --- |');
  console.log(`| plain build, cold caches (baseline) | ${cold.toFixed(2)} | 1.00 |`);
  console.log(`| plain build, warm caches | ${warm.toFixed(2)} | ${(warm / cold).toFixed(2)} |`);
  console.log(`| build --verify-reproducible (warm first build + fresh second + compare) | ${verify.toFixed(2)} | ${(verify / cold).toFixed(2)} of cold, ${(verify / warm).toFixed(2)} of warm |`);
  console.log(`| SBOM work in a cold build (sbom step + os-release) | ${sbomCold.toFixed(3)} | ${((sbomCold / cold) * 100).toFixed(2)} % (goal ≤ ${GOAL_SBOM_SHARE * 100} %) |`);
  console.log(`| SBOM work in a warm build | ${sbomWarm.toFixed(3)} | ${((sbomWarm / warm) * 100).toFixed(2)} % |`);
  console.log(`| repositories' primary.xml read (shared with SOURCE_DATE_EPOCH) | ${m((row) => row.index).toFixed(3)} | ${((m((row) => row.index) / cold) * 100).toFixed(2)} % |`);
  console.log(`| scale: primary.xml of ${SCALE_REPOSITORY_PACKAGES} packages (${(primary.length / 1e6).toFixed(1)} MB) parsed | ${parsed.seconds.toFixed(3)} | |`);
  console.log(`| scale: SBOM of ${SCALE_IMAGE_PACKAGES} packages made and serialized (${(sbom.value.length / 1e6).toFixed(2)} MB) | ${sbom.seconds.toFixed(3)} | |`);
}

await main();

use std::process::ExitCode;

use clap::Parser;

use annals::cli::{Cli, Command, NewCommand};

/// A build allocates millions of short strings from several threads at once, where glibc's
/// allocator spends more time than the rendering: mimalloc takes a build at 10,000 statements
/// from 5.1 s to 2.8 s of CPU (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if let Some(problems) = err.downcast_ref::<annals::error::Problems>() {
                eprintln!("{problems}");
            } else {
                eprintln!("error: {err:#}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Build { output, drafts, base_url, clean } => {
            let options = annals::BuildOptions { root: cli.root, output, include_drafts: drafts, base_url, clean };
            let summary = annals::build(&options)?;
            for warning in &summary.warnings {
                eprintln!("warning: {warning}");
            }
            println!(
                "Built {} statements ({} files read): {} files in {} ({} rendered) in {:.2} s",
                summary.statements,
                summary.statements_read,
                summary.files,
                summary.output.display(),
                summary.written,
                summary.elapsed.as_secs_f64()
            );
        }
        Command::Import { paths, report, dry_run } => {
            without_huge_pages();
            let options = annals::import::ImportOptions { root: cli.root, paths, report, dry_run };
            let summary = annals::import(&options)?;
            for why in &summary.skipped {
                eprintln!("warning: {why}");
            }
            for aside in &summary.set_aside {
                eprintln!("warning: an import was stopped while it wrote this statement; it is written again, and what the file held is kept as {}", aside.display());
            }
            for source in &summary.sources {
                let files: Vec<String> = source.files.iter().map(|(status, n)| format!("{n} {status}")).collect();
                println!(
                    "{}: {} statements, {} with merged copies, {} lines discarded, {} dated, {} to review; files: {}",
                    source.path, source.statements, source.copies, source.discarded, source.dated, source.flagged,
                    if files.is_empty() { "none".to_string() } else { files.join(", ") }
                );
            }
            for kept in &summary.kept {
                println!("kept (changed by an editor since import): {kept}");
            }
            if dry_run {
                println!("Dry run: nothing was written.");
            }
        }
        Command::New { what: NewCommand::Note { statements, title, author } } => {
            let path = annals::new::note(&cli.root, &statements, title, author)?;
            println!("{}", path.strip_prefix(".").unwrap_or(&path).display());
        }
        Command::Serve { port, bind, drafts } => {
            annals::serve::serve(&annals::serve::ServeOptions { root: cli.root, bind, port, include_drafts: drafts })?;
        }
        Command::Check { review: true, .. } => {
            let flagged = annals::check::review(&cli.root)?;
            for line in &flagged {
                println!("{line}");
            }
            println!("{} statements flagged for review.", flagged.len());
        }
        Command::Check { paths, links, review: false } => {
            let options = annals::check::CheckOptions { root: cli.root, paths, links };
            let checked = annals::check::check(&options)?;
            println!("No problems found ({checked} content files checked{}).", if links { ", links included" } else { "" });
        }
        Command::Init { dir, language } => {
            annals::init::init(&dir, &language)?;
            println!("Created a new archive in {}. Next: cd {} && annals build", dir.display(), dir.display());
        }
    }
    Ok(())
}

/// Stops the kernel backing this process's memory with transparent huge pages. mimalloc asks
/// for them, and an import touches hundreds of megabytes once: each first touch then zeroed
/// 2 MiB, after the kernel had compacted memory to find them, which was a quarter of a 100 MB
/// import's time (see BENCHMARKS.md). A build, timed the same way, did not gain.
fn without_huge_pages() {
    // Only a speed-up: where the kernel refuses, the import runs as before.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

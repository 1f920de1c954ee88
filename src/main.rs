use std::process::ExitCode;

use clap::Parser;

use annals::cli::{Cli, Command};

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
        Command::Build { output, drafts, base_url } => {
            let options = annals::BuildOptions { root: cli.root, output, include_drafts: drafts, base_url };
            let summary = annals::build(&options)?;
            println!(
                "Built {} statements: {} files in {} in {:.2} s",
                summary.statements,
                summary.files,
                summary.output.display(),
                summary.elapsed.as_secs_f64()
            );
        }
        Command::Init { dir } => {
            annals::init::init(&dir)?;
            println!("Created a new archive in {}. Next: cd {} && annals build", dir.display(), dir.display());
        }
    }
    Ok(())
}

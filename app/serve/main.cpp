// tearsheet-serve: the HTTP server behind `tearsheet-cli serve` (which becomes this program), so
// libmicrohttpd and Qt Network are mapped only by the server. Reports are drawn by tearsheet-render
// children; this process loads no GUI library.

#include "serve_command.h"
#include "shell_setup.h"

#include <QCoreApplication>

int main(int argc, char** argv) {
    ts::cli::prepareProcess();
    QCoreApplication app(argc, argv);
    ts::cli::setUpApplication(/*withAccessLog=*/true);
    ts::cli::ServeCommand serve;
    return ts::cli::runHelper(serve, "tearsheet-serve");
}

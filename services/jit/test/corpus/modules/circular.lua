return require("modules.circular")

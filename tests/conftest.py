import pytest

from drawcloser.coach import model


@pytest.fixture(scope="session", autouse=True)
def _model_is_built() -> None:
    # `make test` builds the model first; a bare `pytest` says what to do instead of
    # failing every test with the same traceback.
    if not model.model_path().exists():
        pytest.exit("The fast model is not built: run `make model` (or `make test`).", 2)

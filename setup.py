"""Packaging for Scrapyd: ``scrapyd-deploy`` builds an egg from this file and uploads it.

The egg carries the package and its JSON Schema; the ``scrapy`` entry point tells Scrapyd
which settings module to use. Runtime dependencies are not declared here: a Scrapyd node
installs them from requirements-scrapyd.txt (requirements.txt and the Scrapyd server) into the
environment Scrapyd runs in.
"""

from setuptools import find_namespace_packages, setup

setup(
    name="spotlight-crawler",
    version="0.1",
    # Namespace-aware: a subpackage without __init__.py would otherwise be left out silently.
    packages=find_namespace_packages(include=["spotlight_crawler", "spotlight_crawler.*"], exclude=["*.__pycache__"]),
    package_data={"spotlight_crawler": ["schema/*.json"]},
    entry_points={"scrapy": ["settings = spotlight_crawler.settings"]},
    # Scrapyd imports the egg from the zip file; nothing in the package reads files
    # beside its modules except through importlib.resources.
    zip_safe=True,
)

from django.shortcuts import render

from sigap.people import access


def browse(request):
    return render(request, "regions/browse.html", {"areas": access.home_scope(request.user)})


def detail(request, code):
    area = access.access_area(request.user, code)
    return render(request, "regions/detail.html", {"area": area})
